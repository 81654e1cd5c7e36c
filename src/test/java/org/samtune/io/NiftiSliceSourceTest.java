package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.train.DatasetValidator;
import org.samtune.train.DatasetValidator.DatasetException;
import org.samtune.train.DatasetValidator.Kind;
import org.samtune.train.DatasetValidator.Policy;
import org.samtune.train.LabelImage;
import org.samtune.predict.RgbImage;
import org.samtune.train.TargetSpec;

/** Slice orientation, write-back, empty slices, caching and every kind of bad input, on small synthetic volumes. */
class NiftiSliceSourceTest {

    private static final int NX = 4;
    private static final int NY = 3;
    private static final int NZ = 5;

    /** A mapping that writes the voxel value itself as the gray value (values here stay below 256). */
    private static final IntensityMapping IDENTITY = new IntensityMapping() {
        @Override
        public String spec() {
            return "test-identity";
        }

        @Override
        public byte[] toUint8(float[] slice) {
            byte[] b = new byte[slice.length];
            for (int i = 0; i < slice.length; i++) {
                b[i] = (byte) slice[i];
            }
            return b;
        }
    };

    @TempDir
    Path dir;

    /** float32 image whose voxel value is its flat index x + 4y + 12z, spacing 0.5 x 0.75 x 2, a rotated sform. */
    private static NiftiImage indexImage() {
        NiftiImage img = new NiftiImage(new int[] {NX, NY, NZ}, NiftiDataType.FLOAT32);
        for (int i = 0; i < img.voxelCount(); i++) {
            img.set(i, i);
        }
        img.setSpacing(0.5, 0.75, 2.0);
        img.setSform(NiftiImage.XFORM_SCANNER_ANAT, new float[] {0, -0.75f, 0, 10}, new float[] {0.5f, 0, 0, -20},
                new float[] {0, 0, 2, 30});
        return img;
    }

    /** Labels: 0 on slice z = 0, elsewhere 1 + (x + y + z) % 2 (values 1 and 2). */
    private static int[] labels() {
        int[] l = new int[NX * NY * NZ];
        for (int z = 1; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    l[x + NX * (y + NY * z)] = 1 + (x + y + z) % 2;
                }
            }
        }
        return l;
    }

    private VolumePair write(String name, NiftiImage image, NiftiImage label) throws IOException {
        Path img = dir.resolve(name + ".nii.gz");
        Path lab = dir.resolve(name + "_seg.nii.gz");
        NiftiWriter.write(image, img);
        NiftiWriter.write(label, lab);
        return new VolumePair(name, img, lab);
    }

    private VolumePair goodPair(String name) throws IOException {
        NiftiImage img = indexImage();
        return write(name, img, NiftiImage.likeGeometry(img, labels()));
    }

    private static NiftiSliceSource.Options opts() {
        return new NiftiSliceSource.Options().mapping(IDENTITY);
    }

    @Test
    void rowsAndColumnsFollowTheDocumentedAxes() throws IOException {
        VolumePair pair = goodPair("a");
        // axis -> {slice, row, col, expected voxel (x, y, z)}
        int[][] probes = {
            {2, 1, 2, /* z: rows x, cols y */ 1, 2, 2},
            {1, 3, 4, /* y: rows x, cols z */ 3, 1, 4},
            {0, 2, 3, /* x: rows y, cols z */ 0, 2, 3},
        };
        SliceAxis[] axes = {SliceAxis.Z, SliceAxis.Y, SliceAxis.X};
        int[][] sizes = {{NY, NX}, {NZ, NX}, {NZ, NY}}; // {width, height}
        for (int a = 0; a < 3; a++) {
            NiftiSliceSource src = NiftiSliceSource.open(List.of(pair),
                    opts().axis(axes[a]).keepEmptySlices(true));
            int[] p = probes[a];
            int sample = -1;
            for (int i = 0; i < src.size(); i++) {
                if (src.sliceIndex(i) == p[0]) {
                    sample = i;
                }
            }
            RgbImage rgb = src.loadImage(sample);
            assertEquals(sizes[a][0], rgb.width(), axes[a] + " width");
            assertEquals(sizes[a][1], rgb.height(), axes[a] + " height");
            int expected = p[3] + NX * (p[4] + NY * p[5]);
            assertEquals(expected, rgb.get(p[2], p[1], 0), axes[a] + " pixel (row " + p[1] + ", col " + p[2] + ")");
            LabelImage mask = src.loadMask(sample);
            assertEquals(labels()[expected], mask.get(p[2], p[1]), axes[a] + " label");
            assertTrue(src.imageName(sample).endsWith("a.nii.gz " + axes[a].label() + "=" + p[0]));
            assertTrue(src.maskName(sample).endsWith("a_seg.nii.gz " + axes[a].label() + "=" + p[0]));
        }
    }

    @Test
    void emptySlicesAreDroppedUnlessKept() throws IOException {
        VolumePair pair = goodPair("a");
        NiftiSliceSource dropped = NiftiSliceSource.open(List.of(pair), opts());
        assertEquals(4, dropped.size());
        assertArrayEquals(new int[] {1, 2, 3, 4}, dropped.sampleSlices(0));
        assertEquals(NZ, NiftiSliceSource.open(List.of(pair), opts().keepEmptySlices(true)).size());
        // along x every slice has labels (z = 1..4 are labelled in each)
        assertEquals(NX, NiftiSliceSource.open(List.of(pair), opts().axis(SliceAxis.X)).size());
    }

    @Test
    void predictionsWrittenBackRebuildTheLabelVolumeWithItsGeometry() throws IOException {
        VolumePair pair = goodPair("a");
        for (SliceAxis axis : SliceAxis.values()) {
            NiftiSliceSource src = NiftiSliceSource.open(List.of(pair), opts().axis(axis));
            LabelVolume out = src.newLabelVolume(0);
            for (int i = 0; i < src.size(); i++) {
                out.writeSlice(src.loadMask(i).labels(), src.sliceIndex(i));
            }
            assertArrayEquals(labels(), out.labels(), "write-back along " + axis);
            Path saved = dir.resolve("pred_" + axis.label() + ".nii.gz");
            out.save(saved);
            NiftiImage back = NiftiReader.read(saved);
            NiftiImage ref = NiftiReader.read(pair.image());
            assertArrayEquals(ref.dims(), back.dims());
            assertArrayEquals(ref.spacing(), back.spacing(), 0.0);
            assertEquals(ref.sformCode(), back.sformCode());
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(ref.srow(r), back.srow(r), 0f);
            }
            assertArrayEquals(labels(), back.toLabelArray());
        }
        LabelVolume lv = new LabelVolume(indexImage(), SliceAxis.Z);
        assertThrows(IllegalArgumentException.class, () -> lv.writeSlice(new int[NX * NY + 1], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> lv.writeSlice(new int[NX * NY], NZ));
    }

    @Test
    void smallCacheGivesTheSameSlices() throws IOException {
        List<VolumePair> pairs = List.of(goodPair("a"), goodPair("b"));
        NiftiSliceSource big = NiftiSliceSource.open(pairs, opts());
        NiftiSliceSource tiny = NiftiSliceSource.open(pairs, opts().cacheBytes(1));
        assertEquals(8, tiny.size());
        int[] order = {7, 0, 5, 2, 6, 1, 4, 3, 0, 7};
        for (int i : order) {
            assertEquals(big.loadImage(i), tiny.loadImage(i));
            assertEquals(big.loadMask(i), tiny.loadMask(i));
            assertEquals(i < 4 ? 0 : 1, tiny.pairIndex(i));
        }
    }

    @Test
    void shapeMismatchNamesBothFilesAndShapes() throws IOException {
        NiftiImage img = indexImage();
        NiftiImage small = new NiftiImage(new int[] {NX, NY, NZ - 1}, NiftiDataType.FLOAT32);
        small.setSpacing(0.5, 0.75, 2.0);
        VolumePair pair = write("a", img, NiftiImage.likeGeometry(small, new int[NX * NY * (NZ - 1)]));
        DatasetException e = assertThrows(DatasetException.class, () -> NiftiSliceSource.open(List.of(pair), opts()));
        String m = e.getMessage();
        assertTrue(m.contains(pair.image().toString()) && m.contains(pair.label().toString()), m);
        assertTrue(m.contains("4x3x5") && m.contains("4x3x4"), m);
        assertEquals(Kind.SIZE_MISMATCH, e.problems().get(0).kind());
    }

    @Test
    void spacingMismatchNamesBothFiles() throws IOException {
        NiftiImage img = indexImage();
        NiftiImage off = NiftiImage.likeGeometry(img, labels());
        off.setSpacing(0.5, 0.75, 2.01); // 0.5 % off
        VolumePair pair = write("a", img, off);
        DatasetException e = assertThrows(DatasetException.class, () -> NiftiSliceSource.open(List.of(pair), opts()));
        String m = e.getMessage();
        assertTrue(m.contains(pair.image().toString()) && m.contains(pair.label().toString()), m);
        assertTrue(m.contains("spacing") && m.contains("2.01"), m);

        NiftiImage close = NiftiImage.likeGeometry(img, labels());
        close.setSpacing(0.5, 0.75, 2.001); // 0.05 %: within 1e-3
        assertEquals(4, NiftiSliceSource.open(List.of(write("b", img, close)), opts()).size());
    }

    @Test
    void labelsOutsideNumClsAreReportedWithFileAndSlice() throws IOException {
        NiftiSliceSource src = NiftiSliceSource.open(List.of(goodPair("a")), opts());
        // labels 1 and 2 with multi_all need num_cls >= 3; with num_cls 2, label 2 is out of range on every slice
        DatasetValidator.Report r = DatasetValidator.validate(src, TargetSpec.multiAll(), 2, true);
        assertEquals(4, r.problems().size());
        DatasetValidator.Problem p = r.problems().get(0);
        assertEquals(Kind.LABEL_OUT_OF_RANGE, p.kind());
        assertTrue(p.maskName().endsWith("a_seg.nii.gz z=1"), p.maskName());
        assertTrue(p.message().contains("[2]"), p.message());
        assertEquals(0, DatasetValidator.validate(src, TargetSpec.multiAll(), 3, true).problems().size());
    }

    @Test
    void corruptGzipNamesTheFile() throws IOException {
        VolumePair good = goodPair("a");
        VolumePair pair = goodPair("b");
        byte[] bytes = Files.readAllBytes(pair.label());
        Files.write(pair.label(), Arrays.copyOf(bytes, bytes.length / 2)); // truncated .nii.gz
        DatasetException e = assertThrows(DatasetException.class,
                () -> NiftiSliceSource.open(List.of(good, pair), opts()));
        assertTrue(e.getMessage().contains(pair.label().toString()), e.getMessage());
        assertEquals(Kind.UNREADABLE_MASK, e.problems().get(0).kind());
        assertEquals(1, e.problems().get(0).index());

        // skipping: the good pair stays, the bad one is reported and warned about
        List<String> warnings = new ArrayList<>();
        NiftiSliceSource src = NiftiSliceSource.open(List.of(good, pair),
                opts().policy(Policy.SKIP_WITH_WARNING).warn(warnings::add));
        assertEquals(List.of(good), src.pairs());
        assertEquals(1, src.problems().size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains(pair.label().toString())), warnings.toString());

        Files.write(pair.image(), Arrays.copyOf(Files.readAllBytes(pair.image()), 200));
        DatasetException e2 = assertThrows(DatasetException.class,
                () -> NiftiSliceSource.open(List.of(pair), opts()));
        assertTrue(e2.getMessage().contains(pair.image().toString()), e2.getMessage());
        assertEquals(Kind.UNREADABLE_IMAGE, e2.problems().get(0).kind());
    }

    @Test
    void fractionalLabelsNameTheLabelFile() throws IOException {
        NiftiImage img = indexImage();
        NiftiImage lab = NiftiImage.likeGeometry(img, NiftiDataType.FLOAT32);
        lab.set(5, 0.5);
        VolumePair pair = write("a", img, lab);
        DatasetException e = assertThrows(DatasetException.class, () -> NiftiSliceSource.open(List.of(pair), opts()));
        assertTrue(e.getMessage().contains(pair.label().toString()) && e.getMessage().contains("0.5"),
                e.getMessage());
    }

    @Test
    void nanVoxelsAreIgnoredAndAWholeNaNSliceIsBlackWithAWarning() throws IOException {
        NiftiImage img = indexImage();
        for (int i = 0; i < NX * NY; i++) {
            img.set(i + NX * NY * 3, Double.NaN); // slice z = 3 entirely NaN
        }
        img.set(NX * NY * 2, Double.NaN);         // one NaN voxel on slice z = 2, at (0, 0)
        VolumePair pair = write("a", img, NiftiImage.likeGeometry(img, labels()));
        List<String> warnings = new ArrayList<>();
        NiftiSliceSource src = NiftiSliceSource.open(List.of(pair),
                new NiftiSliceSource.Options().warn(warnings::add)); // default finetune-SAM mapping
        assertEquals(4, src.size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("13 NaN voxel")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("z=3 holds only NaN")), warnings.toString());

        RgbImage z3 = src.loadImage(2);
        assertEquals(3, src.sliceIndex(2));
        for (byte b : z3.data()) {
            assertEquals(0, b);
        }
        RgbImage z2 = src.loadImage(1);
        assertEquals(0, z2.get(0, 0, 0));              // the NaN voxel
        // the other values of slice 2 (x + 4y + 24, rows = x, columns = y) span 0..255 by the slice's non-NaN
        // min 25 (x 1, y 0) and max 35 (x 3, y 2); 28 (x 0, y 1) -> 3 / 10 * 255 = 76.5 -> truncated to 76.
        // After the volume rescale v = x / 59 in float32 the maximum lands on 254.99998 -> 254 (numpy gives the
        // same: the notebook's truncation)
        assertEquals(0, z2.get(0, 1, 0));
        assertEquals(254, z2.get(2, 3, 0));
        assertEquals(76, z2.get(1, 0, 0));
    }
}
