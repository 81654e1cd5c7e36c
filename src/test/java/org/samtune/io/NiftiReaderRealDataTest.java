package org.samtune.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real MSD hippocampus volumes (src/test/resources/datasets/msd-hippocampus, CC BY-SA 4.0). Expected numbers were
 * computed once with nibabel by src/test/python/nifti_reference.py and frozen here.
 */
class NiftiReaderRealDataTest {
    private static final double[][] IDENTITY_PLUS_ONE = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}, {0, 0, 0, 1}};

    private static Path data(String relative) {
        return NiftiTestData.resource("datasets/msd-hippocampus/" + relative);
    }

    @Test
    void uint8Image001() throws IOException {
        NiftiImage img = NiftiReader.read(data("images/hippocampus_001.nii.gz"));
        checkHeader(img, new int[] {35, 51, 35}, NiftiDataType.UINT8);
        Stats s = Stats.of(img);
        // uint8 sums are exact in double
        assertEquals(2.0, s.min, 0.0);
        assertEquals(139.0, s.max, 0.0);
        assertEquals(3968524.0, s.sum, 0.0);
        assertEquals(62475, s.nonzero);
        assertEquals(130962301818.0, s.indexWeightedSum, 0.0);
        assertEquals(42.0, img.get(0, 0, 0), 0.0);
        assertEquals(29.0, img.get(17, 25, 17), 0.0);
        assertEquals(12.0, img.get(34, 50, 34), 0.0);
        assertEquals(50.0, img.get(5, 40, 20), 0.0);
        assertEquals(92.0, img.get(20, 30, 10), 0.0);
    }

    @Test
    void uint8Labels001() throws IOException {
        NiftiImage img = NiftiReader.read(data("labels/hippocampus_001.nii.gz"));
        checkHeader(img, new int[] {35, 51, 35}, NiftiDataType.UINT8);
        Stats s = Stats.of(img);
        assertEquals(4572.0, s.sum, 0.0);
        assertEquals(2948, s.nonzero);
        assertEquals(136880045.0, s.indexWeightedSum, 0.0);
        int[] counts = new int[3];
        for (int v : img.toLabelArray()) {
            counts[v]++;
        }
        assertArrayEquals(new int[] {59527, 1324, 1624}, counts);
    }

    @Test
    void float32Image003() throws IOException {
        NiftiImage img = NiftiReader.read(data("images/hippocampus_003.nii.gz"));
        checkHeader(img, new int[] {34, 52, 35}, NiftiDataType.FLOAT32);
        Stats s = Stats.of(img);
        assertEquals(0.0, s.min, 0.0);
        assertEquals(2776.880126953125, s.max, 0.0);
        // Sums of 61,880 floats: numpy's pairwise summation and this sequential loop differ in the last bits
        assertEquals(29866089.86869049, s.sum, 29866089.86869049 * 1e-12);
        assertEquals(972992059123.2781, s.indexWeightedSum, 972992059123.2781 * 1e-12);
        assertEquals(61875, s.nonzero);
        assertEquals(387.33306884765625, img.get(0, 0, 0), 0.0);
        assertEquals(494.5945129394531, img.get(17, 25, 17), 0.0);
        assertEquals(381.37408447265625, img.get(33, 51, 34), 0.0);
        assertEquals(572.0611572265625, img.get(5, 40, 20), 0.0);
        assertEquals(452.8817138671875, img.get(20, 30, 10), 0.0);
        // scl_slope/scl_inter are 1/0 in these files: no scaling, and read(..., true) returns the stored values unchanged
        assertArrayEquals(img.toFloatArray(false), NiftiReader.read(data("images/hippocampus_003.nii.gz"), true)
                .toFloatArray(false));
    }

    private static void checkHeader(NiftiImage img, int[] dims, NiftiDataType type) {
        assertArrayEquals(dims, img.dims());
        assertEquals(type, img.dataType());
        assertArrayEquals(new double[] {1, 1, 1}, img.spacing(), 0.0);
        assertEquals(1f, img.pixdim()[0]);
        assertEquals(10, img.xyztUnits());
        assertEquals(1, img.qformCode());
        assertEquals(1, img.sformCode());
        assertEquals(1f, img.sclSlope());
        assertEquals(0f, img.sclInter());
        assertFalse(img.hasScaling());
        assertEquals("5.0.10", img.description());
        double[][] a = img.affine();
        double[][] q = img.qformMatrix();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(IDENTITY_PLUS_ONE[i], a[i], 0.0);
            assertArrayEquals(IDENTITY_PLUS_ONE[i], q[i], 0.0);
        }
    }

    /** Same statistics as the Python script, over voxels in file order (x fastest). */
    private static final class Stats {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double indexWeightedSum;
        int nonzero;

        static Stats of(NiftiImage img) {
            Stats s = new Stats();
            for (int i = 0; i < img.voxelCount(); i++) {
                double v = img.getScaled(i);
                s.min = Math.min(s.min, v);
                s.max = Math.max(s.max, v);
                s.sum += v;
                s.indexWeightedSum += v * i;
                if (v != 0) {
                    s.nonzero++;
                }
            }
            return s;
        }
    }
}
