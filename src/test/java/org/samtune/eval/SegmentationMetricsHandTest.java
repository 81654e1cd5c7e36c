package org.samtune.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Small cases whose expected values are worked out by hand in the comments. */
class SegmentationMetricsHandTest {
    private static final double EXACT = 1e-12;

    /** A flat mask of {@code dims} with the box [lo, hi] (inclusive, per axis) set. */
    static boolean[] box(int[] dims, int[] lo, int[] hi) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        boolean[] m = new boolean[n];
        int[] c = new int[dims.length];
        for (int i = 0; i < n; i++) {
            boolean in = true;
            for (int a = 0; a < dims.length; a++) {
                in &= c[a] >= lo[a] && c[a] <= hi[a];
            }
            m[i] = in;
            for (int a = 0; a < dims.length && ++c[a] == dims[a]; a++) {
                c[a] = 0;
            }
        }
        return m;
    }

    /*
     * Two 4x4 squares in a 10x10 image, B = A shifted by one voxel along x: |A| = |B| = 16, |A∩B| = 12.
     * Each surface is the 12-voxel ring (the 2x2 centre is interior). From A's ring to B's ring: the 6 voxels of
     * A's top and bottom rows at x = 3..5 lie on B's ring (0); the other 6 (left column and x = 5 at y = 3, 4) are
     * one voxel from B's ring (1). B to A is the mirror image. So both directed sets are six 0s and six 1s.
     */
    private static final int[] DIMS_2D = {10, 10};
    private static final boolean[] A = box(DIMS_2D, new int[] {2, 2}, new int[] {5, 5});
    private static final boolean[] B = box(DIMS_2D, new int[] {3, 2}, new int[] {6, 5});

    @Test
    void shiftedSquares() {
        SegmentationScores s = SegmentationMetrics.evaluate(A, B, DIMS_2D, new double[] {1, 1}, 0.5);
        assertEquals(0.75, s.dice(), EXACT);        // 24 / 32
        assertEquals(0.6, s.iou(), EXACT);          // 12 / 20
        assertEquals(0.75, s.precision(), EXACT);   // 12 / 16
        assertEquals(0.75, s.recall(), EXACT);
        assertEquals(1.0, s.hausdorff(), EXACT);
        // sorted directed set [0 x6, 1 x6]: rank 0.95 * 11 = 10.45 falls between two 1s
        assertEquals(1.0, s.hd95(), EXACT);
        assertEquals(0.5, s.assd(), EXACT);         // 12 ones over 24 distances
        assertEquals(0.5, s.nsd(), EXACT);          // only the 12 zeros are within 0.5
        assertEquals(1.0, SegmentationMetrics.normalizedSurfaceDice(A, B, DIMS_2D, new double[] {1, 1}, 1.0), EXACT);
        assertEquals(16, s.predVoxels());
        assertEquals(16, s.gtVoxels());
        assertEquals(12, s.intersection());
    }

    /*
     * Same squares, spacing (2, 0.5): a step along x is 2 mm, along y 0.5 mm. From A's ring: the 6 shared voxels 0;
     * left column (x = 2, y = 2..5) 2 mm to x = 3; (5, 3) and (5, 4) are 0.5 mm from (5, 2) and (5, 5) on B's ring.
     * Directed set: [0 x6, 0.5 x2, 2 x4], the same both ways.
     */
    @Test
    void shiftedSquaresAnisotropic() {
        double[] spacing = {2.0, 0.5};
        SurfaceDistances sd = SurfaceDistances.between(A, B, DIMS_2D, spacing);
        double[] pg = sd.predToGt();
        java.util.Arrays.sort(pg);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0.5, 0.5, 2, 2, 2, 2}, pg, EXACT);
        assertEquals(2.0, sd.hausdorff(), EXACT);
        assertEquals(2.0, sd.hd95(), EXACT);                         // rank 10.45 between two 2s
        assertEquals((2 * (0.5 * 2 + 2 * 4)) / 24.0, sd.assd(), EXACT); // 0.75
        assertEquals(16 / 24.0, sd.normalizedSurfaceDice(1.0), EXACT);  // zeros and 0.5s
        assertEquals(16 / 24.0, sd.normalizedSurfaceDice(0.5), EXACT);  // tolerance is inclusive
        assertEquals(0.5, sd.normalizedSurfaceDice(0.49), EXACT);
        // the 60th percentile of each directed set: rank 6.6, between two 0.5s
        assertEquals(0.5, sd.percentileHausdorff(60), EXACT);
    }

    /*
     * 3D "sphere" of radius 1 (centre + its 6 face neighbours, 7 voxels) and the same ball shifted by one voxel
     * along x. |A∩B| = 2 (A's centre and A's +x voxel): Dice 4/14, IoU 2/12. Each surface is the 6 outer voxels
     * (the centre is interior). Spacing 1: every surface voxel is exactly 1 from the other surface.
     */
    private static final int[] DIMS_3D = {7, 5, 5};

    private static boolean[] ball(int cx) {
        boolean[] m = new boolean[7 * 5 * 5];
        int[][] offsets = {{0, 0, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int[] o : offsets) {
            m[(cx + o[0]) + 7 * ((2 + o[1]) + 5 * (2 + o[2]))] = true;
        }
        return m;
    }

    @Test
    void ballAndShiftedBall() {
        boolean[] a = ball(2);
        boolean[] b = ball(3);
        SegmentationScores s = SegmentationMetrics.evaluate(a, b, DIMS_3D, new double[] {1, 1, 1}, 1.0);
        assertEquals(2.0 / 7.0, s.dice(), EXACT);
        assertEquals(1.0 / 6.0, s.iou(), EXACT);
        assertEquals(1.0, s.hausdorff(), EXACT);
        assertEquals(1.0, s.hd95(), EXACT);
        assertEquals(1.0, s.assd(), EXACT);
        assertEquals(1.0, s.nsd(), EXACT);
        assertEquals(0.0, SegmentationMetrics.normalizedSurfaceDice(a, b, DIMS_3D, new double[] {1, 1, 1}, 0.99), EXACT);
    }

    /*
     * Same balls, spacing (2, 1, 3). A's surface to B's: +x voxel -> (c+x+y) 1; -x -> c 2; +-y -> (c+x+-y) 2 along x
     * or c 1 along y -> 1; +-z -> c 3 or (c+x+-z) 2 -> 2: [1, 2, 1, 1, 2, 2]. B to A (mirror): c -> c+-y 1;
     * +2x -> c+x 2; c+x+-y -> c+x 1; c+x+-z -> c+-z 2: [1, 2, 1, 1, 2, 2].
     */
    @Test
    void ballAndShiftedBallAnisotropic() {
        SurfaceDistances sd = SurfaceDistances.between(ball(2), ball(3), DIMS_3D, new double[] {2, 1, 3});
        assertEquals(1.5, sd.assd(), EXACT);
        assertEquals(2.0, sd.hd95(), EXACT); // rank 4.75 of [1, 1, 1, 2, 2, 2]
        assertEquals(2.0, sd.hausdorff(), EXACT);
        assertEquals(0.5, sd.normalizedSurfaceDice(1.0), EXACT);
        assertEquals(1.0, sd.normalizedSurfaceDice(2.0), EXACT);
    }

    @Test
    void emptyMasks() {
        boolean[] none = new boolean[100];
        double[] sp = {1, 1};
        SegmentationScores both = SegmentationMetrics.evaluate(none, none, DIMS_2D, sp, 1.0);
        assertEquals(1.0, both.dice());
        assertEquals(1.0, both.iou());
        assertEquals(1.0, both.precision());
        assertEquals(1.0, both.recall());
        assertTrue(Double.isNaN(both.hausdorff()));
        assertTrue(Double.isNaN(both.hd95()));
        assertTrue(Double.isNaN(both.assd()));
        assertTrue(Double.isNaN(both.nsd()));

        for (boolean predEmpty : new boolean[] {true, false}) {
            SegmentationScores one = predEmpty ? SegmentationMetrics.evaluate(none, A, DIMS_2D, sp, 1.0)
                    : SegmentationMetrics.evaluate(A, none, DIMS_2D, sp, 1.0);
            assertEquals(0.0, one.dice());
            assertEquals(0.0, one.iou());
            assertEquals(0.0, one.precision());
            assertEquals(0.0, one.recall());
            assertTrue(Double.isNaN(one.hausdorff()));
            assertTrue(Double.isNaN(one.hd95()));
            assertTrue(Double.isNaN(one.assd()));
            assertEquals(0.0, one.nsd());
        }
    }

    @Test
    void identicalMasks() {
        SegmentationScores s = SegmentationMetrics.evaluate(A, A, DIMS_2D, new double[] {0.3, 4}, 0.0);
        assertEquals(1.0, s.dice());
        assertEquals(0.0, s.hausdorff());
        assertEquals(0.0, s.hd95());
        assertEquals(0.0, s.assd());
        assertEquals(1.0, s.nsd());
    }

    @Test
    void surfaceCountsTheImageBorderAsBackground() {
        boolean[] full = new boolean[4 * 3];
        java.util.Arrays.fill(full, true);
        boolean[] surface = MaskSurface.of(full, new int[] {4, 3});
        // only (1, 1) and (2, 1) have four foreground neighbours inside the image
        for (int i = 0; i < 12; i++) {
            assertEquals(i != 5 && i != 6, surface[i], "voxel " + i);
        }
        // a 2D slice stored with a z axis of size 1 has the same surface
        assertArrayEquals(MaskSurface.of(A, DIMS_2D), MaskSurface.of(A, new int[] {10, 10, 1}));
        assertEquals(SegmentationMetrics.hd95(A, B, DIMS_2D, new double[] {2, 0.5}),
                SegmentationMetrics.hd95(A, B, new int[] {10, 10, 1}, new double[] {2, 0.5, 7}), EXACT);
    }

    @Test
    void perClassOnLabelMaps() {
        int[] pred = new int[100];
        int[] gt = new int[100];
        for (int i = 0; i < 100; i++) {
            pred[i] = A[i] ? 2 : 0;
            gt[i] = B[i] ? 2 : 0;
        }
        pred[99] = 5; // a class only in the prediction
        Map<Integer, SegmentationScores> all = SegmentationMetrics.perClass(pred, gt, DIMS_2D, new double[] {1, 1}, 1.0);
        assertEquals(List.of(2, 5), List.copyOf(all.keySet()));
        assertEquals(0.75, all.get(2).dice(), EXACT);
        assertEquals(0.5, all.get(2).assd(), EXACT);
        assertEquals(0.0, all.get(5).dice());
        Map<Integer, SegmentationScores> chosen = SegmentationMetrics.perClass(pred, gt, DIMS_2D, new double[] {1, 1},
                1.0, 7, 2);
        assertEquals(List.of(7, 2), List.copyOf(chosen.keySet()));
        assertEquals(1.0, chosen.get(7).dice(), "absent from both: the both-empty convention");
    }

    @Test
    void finetuneSamTrainingDice() {
        boolean[] p = {true, true, true, true, false, false};
        boolean[] g = {true, false, false, false, true, false};
        assertEquals(3.0 / 7.0, TrainingDice.smoothed(p, g), EXACT); // (2*1 + 1) / (4 + 2 + 1)
        assertEquals(1.0, TrainingDice.smoothed(new boolean[4], new boolean[4]));
        assertEquals((2 * 0.5 + 1) / (1.5 + 1 + 1), TrainingDice.smoothed(new float[] {0.5f, 1f}, new float[] {1f, 0f}),
                EXACT);
        // classes 0, 1, 2: (1 + 3/4 + 3/4) / 3, background included as finetune-SAM does
        assertEquals(2.5 / 3, TrainingDice.multiClass(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, 3), EXACT);
        assertNotEquals(SegmentationMetrics.dice(p, g), TrainingDice.smoothed(p, g));
    }

    @Test
    void numpyLinearPercentile() {
        // np.percentile([1, 2, 3, 4], 95) == 3.85; np.percentile([5], 95) == 5
        assertEquals(3.85, Percentiles.linear(new double[] {4, 1, 3, 2}, 95), EXACT);
        assertEquals(5.0, Percentiles.linear(new double[] {5}, 95));
        assertEquals(4.0, Percentiles.linear(new double[] {4, 1, 3, 2}, 100));
        assertEquals(1.0, Percentiles.linear(new double[] {4, 1, 3, 2}, 0));
    }

    @Test
    void rejectsMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.dice(new boolean[3], new boolean[4]));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationMetrics.hd95(A, B, new int[] {10, 9}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationMetrics.hd95(A, B, DIMS_2D, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationMetrics.hd95(A, B, DIMS_2D, new double[] {1, 0}));
    }
}
