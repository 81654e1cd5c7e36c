package org.samtune.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Irregular shapes against numbers computed once with scipy (distance_transform_edt with sampling, binary_erosion)
 * by src/test/python/metrics_reference.py, which spells out MONAI's conventions; frozen here.
 */
class SegmentationMetricsReferenceTest {
    /** Distances: same sums of squares and square roots, in another order; percentiles and means likewise. */
    private static final double TOL = 1e-9;

    /** The Python script's integer hash of voxel coordinates, in [0, 100). */
    static int noise(int[] coords, long seed) {
        final long m31 = 1L << 31;
        long[] mult = {73856093L, 19349663L, 83492791L};
        long h = seed * 2654435761L;
        for (int i = 0; i < coords.length; i++) {
            h += coords[i] * mult[i];
        }
        h %= m31;
        for (int r = 0; r < 2; r++) {
            h = (h * 1103515245L + 12345L) % m31;
        }
        return (int) ((h >> 8) % 100);
    }

    /** The script's shape: ellipsoid sum(((c - center)/radius)^2) <= 1, XOR hashed noise below noisePercent. */
    static boolean[] shape(int[] dims, double[] center, double[] radii, long seed, int noisePercent) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        boolean[] m = new boolean[n];
        int[] c = new int[dims.length];
        for (int i = 0; i < n; i++) {
            double t = 0.0;
            for (int a = 0; a < dims.length; a++) {
                double d = (c[a] - center[a]) / radii[a];
                t += d * d;
            }
            m[i] = (t <= 1.0) != (noise(c, seed) < noisePercent);
            for (int a = 0; a < dims.length && ++c[a] == dims[a]; a++) {
                c[a] = 0;
            }
        }
        return m;
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Checks one case; {@code expected} = dice, iou, precision, recall, hausdorff, hd95, assd, nsd@1, nsd@2. */
    private static void check(boolean[] pred, boolean[] gt, int[] dims, double[] spacing, int[] counts, double... expected) {
        SegmentationScores s = SegmentationMetrics.evaluate(pred, gt, dims, spacing, 1.0);
        assertEquals(counts[0], s.predVoxels(), "|P|");
        assertEquals(counts[1], s.gtVoxels(), "|G|");
        assertEquals(counts[2], s.intersection(), "|P∩G|");
        assertEquals(counts[3], count(MaskSurface.of(pred, dims)), "pred surface voxels");
        assertEquals(counts[4], count(MaskSurface.of(gt, dims)), "gt surface voxels");
        assertEquals(expected[0], s.dice(), TOL, "dice");
        assertEquals(expected[1], s.iou(), TOL, "iou");
        assertEquals(expected[2], s.precision(), TOL, "precision");
        assertEquals(expected[3], s.recall(), TOL, "recall");
        assertEquals(expected[4], s.hausdorff(), TOL, "hausdorff");
        assertEquals(expected[5], s.hd95(), TOL, "hd95");
        assertEquals(expected[6], s.assd(), TOL, "assd");
        assertEquals(expected[7], s.nsd(), TOL, "nsd@1");
        assertEquals(expected[8], SegmentationMetrics.normalizedSurfaceDice(pred, gt, dims, spacing, 2.0), TOL, "nsd@2");
    }

    @Test
    void noisy2d() {
        int[] dims = {40, 30};
        check(shape(dims, new double[] {18.3, 14.1}, new double[] {11.2, 7.5}, 1, 4),
                shape(dims, new double[] {20.7, 15.2}, new double[] {10.1, 8.3}, 2, 4),
                dims, new double[] {1.0, 1.0}, new int[] {287, 292, 211, 101, 113},
                0.7288428324697754, 0.5733695652173914, 0.735191637630662, 0.7226027397260274,
                9.055385138137417, 8.0, 2.2561096479960465, 0.411214953271028, 0.5514018691588785);
    }

    @Test
    void anisotropic2d() {
        int[] dims = {33, 27};
        check(shape(dims, new double[] {15.0, 12.5}, new double[] {9.5, 10.0}, 3, 6),
                shape(dims, new double[] {17.5, 11.0}, new double[] {12.0, 7.0}, 4, 6),
                dims, new double[] {0.5, 1.25}, new int[] {318, 268, 182, 121, 122},
                0.621160409556314, 0.4504950495049505, 0.5723270440251572, 0.6791044776119403,
                6.25, 5.0990195135927845, 1.9348952497317176, 0.3333333333333333, 0.6090534979423868);
    }

    @Test
    void noisy3d() {
        int[] dims = {24, 20, 16};
        check(shape(dims, new double[] {11.5, 9.0, 7.2}, new double[] {8.0, 6.5, 5.0}, 5, 3),
                shape(dims, new double[] {12.5, 10.5, 7.9}, new double[] {7.0, 7.5, 4.2}, 6, 3),
                dims, new double[] {0.8, 1.0, 2.5}, new int[] {1261, 1073, 727, 696, 587},
                0.6229648671808055, 0.4523957685127567, 0.5765265662172878, 0.6775396085740913,
                8.1706792863262, 5.344155686354955, 1.796886339481522, 0.47856586126266565, 0.6757599376461418);
    }

    @Test
    void sphereAndShiftedSphere() {
        int[] dims = {21, 21, 21};
        check(shape(dims, new double[] {10.0, 10.0, 10.0}, new double[] {6.5, 6.5, 6.5}, 7, 0),
                shape(dims, new double[] {12.0, 10.0, 10.0}, new double[] {6.5, 6.5, 6.5}, 8, 0),
                dims, new double[] {1.0, 1.0, 1.0}, new int[] {1189, 1189, 915, 414, 414},
                0.7695542472666106, 0.6254272043745728, 0.7695542472666106, 0.7695542472666106,
                2.0, 2.0, 1.0504972381221238, 0.6376811594202898, 1.0);
    }

    @Test
    void touchingTheBorderAnisotropic3d() {
        int[] dims = {16, 12, 9};
        check(shape(dims, new double[] {3.0, 6.0, 4.0}, new double[] {9.0, 8.0, 7.0}, 9, 2),
                shape(dims, new double[] {5.0, 5.0, 3.0}, new double[] {8.0, 9.0, 5.5}, 10, 2),
                dims, new double[] {1.5, 0.7, 3.0}, new int[] {1143, 1157, 1021, 592, 555},
                0.8878260869565218, 0.7982799061767005, 0.8932633420822397, 0.8824546240276577,
                6.090155991434045, 3.0, 0.5882597584058854, 0.7419354838709677, 0.8866608544027899);
    }
}
