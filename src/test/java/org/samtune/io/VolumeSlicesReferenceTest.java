package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.samtune.train.LabelImage;
import org.samtune.predict.RgbImage;

/**
 * Slices of the MSD hippocampus volumes against src/test/python/volume_slices_reference.py (nibabel + numpy
 * float32, repeating finetune-SAM's 3-D notebook). Exact: the CRC-32 and sum of every uint8 byte must match.
 */
class VolumeSlicesReferenceTest {

    private static final Path BASE = NiftiTestData.resource("datasets/msd-hippocampus");

    /** {notebook crc, notebook sum, percentile crc, percentile sum} per axis x, y, z. */
    private static final long[][] H001 = {
        {311776938L, 8802013L, 2853998044L, 8842680L},
        {3531499525L, 8643066L, 3157412840L, 8842680L},
        {3877720851L, 8596025L, 3209163938L, 8842680L},
    };
    private static final long[][] H003 = {
        {3228637902L, 7488991L, 1555131978L, 8620106L},
        {2021975755L, 7649652L, 1095011442L, 8620106L},
        {1694601817L, 6544748L, 4157336478L, 8620106L},
    };

    @Test
    void notebookAndPercentileSlicesMatchNumpyBitForBit() throws IOException {
        check("hippocampus_001", H001);
        check("hippocampus_003", H003); // float32 intensities: float rounding decides many truncations
    }

    private static void check(String name, long[][] expected) throws IOException {
        NiftiImage img = NiftiReader.read(BASE.resolve("images/" + name + ".nii.gz"));
        float[] vol = VolumeSlicer.intensities(img, 0);
        for (SliceAxis axis : SliceAxis.values()) {
            VolumeSlicer slicer = VolumeSlicer.of(img, axis);
            IntensityMapping notebook = IntensityMapping.sliceMinMax().forVolume(vol);
            IntensityMapping percentile = IntensityMapping.mrPercentile().forVolume(vol);
            List<byte[]> nb = new ArrayList<>();
            List<byte[]> pc = new ArrayList<>();
            for (int k = 0; k < slicer.sliceCount(); k++) {
                float[] slice = slicer.floatSlice(vol, k);
                nb.add(notebook.toUint8(slice));
                pc.add(percentile.toUint8(slice));
            }
            long[] e = expected[axis.axis];
            assertArrayEquals(new long[] {e[0], e[1]}, crcAndSum(nb), name + " notebook slices along " + axis);
            assertArrayEquals(new long[] {e[2], e[3]}, crcAndSum(pc), name + " percentile slices along " + axis);
        }
    }

    @Test
    void percentileBoundsMatchNumpy() throws IOException {
        float[] vol = VolumeSlicer.intensities(
                NiftiReader.read(BASE.resolve("images/hippocampus_003.nii.gz")), 0);
        WindowMapping w = (WindowMapping) IntensityMapping.mrPercentile().forVolume(vol);
        assertEquals(35.753822326660156, w.low(), 0.0);
        assertEquals(852.1326904296875, w.high(), 0.0);
    }

    @Test
    void sourceGivesTheLabelledNotebookSlices() throws IOException {
        int[][] labelled = {
            IntStream.rangeClosed(8, 27).toArray(),
            IntStream.rangeClosed(8, 44).toArray(),
            IntStream.rangeClosed(5, 29).toArray(),
        };
        long[][] expected = { // {gray crc, gray sum, labels crc, labels sum}
            {2320639856L, 5001187L, 2855546021L, 4572L},
            {339426656L, 6436221L, 1819319725L, 4572L},
            {2100391364L, 6168931L, 551170065L, 4572L},
        };
        for (SliceAxis axis : SliceAxis.values()) {
            List<String> warnings = new ArrayList<>();
            // images/ + labels/ folder: hippocampus_003 has no label there and is left out with a warning
            NiftiSliceSource src = NiftiSliceSource.open(BASE, new NiftiSliceSource.Options().axis(axis)
                    .warn(warnings::add));
            assertEquals(1, src.pairs().size());
            assertEquals(1, warnings.size(), warnings.toString());
            int[] slices = IntStream.range(0, src.size()).map(src::sliceIndex).toArray();
            assertArrayEquals(labelled[axis.axis], slices, "labelled slices along " + axis);
            List<byte[]> gray = new ArrayList<>();
            List<byte[]> labels = new ArrayList<>();
            for (int i = 0; i < src.size(); i++) {
                RgbImage rgb = src.loadImage(i);
                LabelImage lab = src.loadMask(i);
                byte[] g = new byte[rgb.width() * rgb.height()];
                for (int p = 0; p < g.length; p++) {
                    g[p] = rgb.data()[3 * p];
                    assertEquals(g[p], rgb.data()[3 * p + 1]);
                    assertEquals(g[p], rgb.data()[3 * p + 2]);
                }
                gray.add(g);
                labels.add(int32le(lab.labels()));
            }
            long[] e = expected[axis.axis];
            assertArrayEquals(new long[] {e[0], e[1]}, crcAndSum(gray), "gray along " + axis);
            long[] l = crcAndSum(labels);
            assertEquals(e[2], l[0], "labels crc along " + axis);
            long labelSum = 0;
            for (int i = 0; i < src.size(); i++) {
                for (int v : src.loadMask(i).labels()) {
                    labelSum += v;
                }
            }
            assertEquals(e[3], labelSum, "labels sum along " + axis);
        }
    }

    private static byte[] int32le(int[] v) {
        byte[] out = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) {
            out[4 * i] = (byte) v[i];
            out[4 * i + 1] = (byte) (v[i] >> 8);
            out[4 * i + 2] = (byte) (v[i] >> 16);
            out[4 * i + 3] = (byte) (v[i] >> 24);
        }
        return out;
    }

    /** CRC-32 of the concatenated bytes and the sum of the bytes read as unsigned. */
    private static long[] crcAndSum(List<byte[]> parts) {
        CRC32 crc = new CRC32();
        long sum = 0;
        for (byte[] b : parts) {
            crc.update(b);
            for (byte v : b) {
                sum += v & 0xFF;
            }
        }
        return new long[] {crc.getValue(), sum};
    }
}
