package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.predict.RgbImage;

/** Intensity mappings on hand-computed values (expected numbers worked out in the comments). */
class IntensityMappingTest {

    private static final float NAN = Float.NaN;

    private static int[] gray(IntensityMapping m, float... values) {
        byte[] b = m.toUint8(values);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void sliceMinMaxTruncatesLikeNumpy() {
        // (v - 0) / (7 + 1e-8f) * 255: 1 -> 36.43 -> 36, 2 -> 72.86 -> 72 (rounding would give 73), 7 -> 255
        assertArrayEquals(new int[] {0, 36, 72, 255}, gray(IntensityMapping.sliceMinMax(), 0, 1, 2, 7));
        // shift and scale do not matter: same relative positions
        assertArrayEquals(new int[] {0, 36, 72, 255}, gray(IntensityMapping.sliceMinMax(), -100, -98, -96, -86));
    }

    @Test
    void sliceMinMaxIgnoresNaNAndInfinities() {
        IntensityMapping m = IntensityMapping.sliceMinMax();
        assertArrayEquals(new int[] {0, 0, 36, 72, 255}, gray(m, NAN, 0, 1, 2, 7));
        assertArrayEquals(new int[] {0, 0, 36, 72, 255, 255},
                gray(m, Float.NEGATIVE_INFINITY, 0, 1, 2, 7, Float.POSITIVE_INFINITY));
        assertArrayEquals(new int[] {0, 0, 0}, gray(m, NAN, NAN, NAN)); // whole-NaN slice: black
        assertArrayEquals(new int[] {0, 0}, gray(m, 5, 5)); // constant slice: 0 / (0 + 1e-8) = 0
    }

    @Test
    void sliceMinMaxBoundToAVolumeRescalesFirst() {
        // volume 10..30 -> v = (x - 10) / 20; slice {20, 30} -> v {0.5, 1} -> {0, 255}
        IntensityMapping bound = IntensityMapping.sliceMinMax().forVolume(new float[] {10, 20, 30, NAN});
        assertArrayEquals(new int[] {0, 255, 0}, gray(bound, 20, 30, NAN));
    }

    @Test
    void ctPresetsAreTheStandardWindows() {
        double[][] expected = {{-160, 240}, {-1350, 150}, {-500, 1300}, {0, 80}};
        CtWindow[] presets = {CtWindow.SOFT_TISSUE, CtWindow.LUNG, CtWindow.BONE, CtWindow.BRAIN};
        for (int i = 0; i < presets.length; i++) {
            WindowMapping w = (WindowMapping) presets[i].mapping();
            assertEquals(expected[i][0], w.low(), 0.0, presets[i].name());
            assertEquals(expected[i][1], w.high(), 0.0, presets[i].name());
            // the level lands on 127.5, rounded half up to 128
            assertArrayEquals(new int[] {0, 128, 255}, gray(w, (float) (w.low() - 1), (float) presets[i].level,
                    (float) (w.high() + 1)), presets[i].name());
        }
        // soft tissue: 39 HU -> 199 / 400 * 255 = 126.86 -> 127; NaN -> 0; brain: 10 HU -> 31.875 -> 32
        assertArrayEquals(new int[] {127, 0}, gray(IntensityMapping.ct(CtWindow.SOFT_TISSUE), 39, NAN));
        assertArrayEquals(new int[] {32}, gray(IntensityMapping.ct(CtWindow.BRAIN), 10));
    }

    @Test
    void volumePercentileAndMinMax() {
        float[] vol = new float[102];
        for (int i = 0; i <= 100; i++) {
            vol[i] = i;
        }
        vol[101] = NAN; // left out: 101 values 0..100 remain, percentile q is q itself
        WindowMapping w = (WindowMapping) IntensityMapping.mrPercentile().forVolume(vol);
        assertEquals(0.5, w.low(), 1e-12);
        assertEquals(99.5, w.high(), 1e-12);
        // 50 -> 49.5 / 99 * 255 = 127.5 -> 128; clipped at both ends
        assertArrayEquals(new int[] {0, 128, 255, 0}, gray(w, 0, 50, 100, NAN));

        IntensityMapping mm = IntensityMapping.volumeMinMax().forVolume(new float[] {NAN, 2, 4, 6});
        assertArrayEquals(new int[] {0, 128, 255, 0}, gray(mm, 2, 4, 6, NAN));
        assertArrayEquals(new int[] {0, 0}, gray(IntensityMapping.volumeMinMax().forVolume(new float[] {NAN}), 1, NAN));
    }

    @Test
    void parseNames() {
        assertTrue(IntensityMapping.parse("slice-minmax") instanceof SliceMinMaxMapping);
        assertEquals(-160, ((WindowMapping) IntensityMapping.parse("ct:soft-tissue")).low(), 0.0);
        assertEquals(-1350, ((WindowMapping) IntensityMapping.parse("CT:Lung")).low(), 0.0);
        assertEquals(90, ((WindowMapping) IntensityMapping.parse("window:90,190")).low(), 0.0);
        WindowMapping p = (WindowMapping) IntensityMapping.parse("percentile:10,90").forVolume(new float[] {0, 10});
        assertEquals(1, p.low(), 1e-12);
        assertEquals(9, p.high(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.parse("ct:liver"));
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.parse("percentile:90,10"));
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.parse("gamma"));
    }

    @Test
    void ctWindowSeesHounsfieldUnitsAfterScaling(@TempDir Path dir) throws IOException {
        // int16 CT stored as HU + 1024 (scl_slope 1, scl_inter -1024), one 3x1 axial slice labelled everywhere
        NiftiImage ct = new NiftiImage(new int[] {3, 1, 1}, NiftiDataType.INT16);
        ct.setScaling(1f, -1024f);
        ct.set(0, 0);    // -1024 HU -> 0
        ct.set(1, 1064); //    40 HU -> 128
        ct.set(2, 1264); //   240 HU -> 255
        Path img = dir.resolve("ct.nii.gz");
        Path lab = dir.resolve("ct_label.nii.gz");
        NiftiWriter.write(ct, img);
        NiftiWriter.write(NiftiImage.likeGeometry(ct, new int[] {1, 1, 1}), lab);
        NiftiSliceSource src = NiftiSliceSource.open(List.of(VolumePair.of(img, lab)),
                new NiftiSliceSource.Options().mapping(IntensityMapping.ct(CtWindow.SOFT_TISSUE)));
        RgbImage rgb = src.loadImage(0);
        // axial slice: rows = x (3), columns = y (1)
        assertEquals(1, rgb.width());
        assertEquals(3, rgb.height());
        assertArrayEquals(new int[] {0, 128, 255}, new int[] {rgb.get(0, 0, 0), rgb.get(0, 1, 0), rgb.get(0, 2, 0)});
    }
}
