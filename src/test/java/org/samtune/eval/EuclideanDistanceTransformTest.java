package org.samtune.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The separable transform against a brute-force minimum over all feature voxels. */
class EuclideanDistanceTransformTest {

    private static double[] bruteForce(boolean[] f, int[] dims, double[] spacing) {
        int[] strides = MaskGrid.strides(dims);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < f.length; j++) {
                if (f[j]) {
                    double d2 = 0;
                    for (int a = 0; a < dims.length; a++) {
                        double diff = ((i / strides[a]) % dims[a] - (j / strides[a]) % dims[a]) * spacing[a];
                        d2 += diff * diff;
                    }
                    best = Math.min(best, d2);
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Test
    void matchesBruteForceOnRandomAnisotropicGrids() {
        Random rnd = new Random(42);
        int[][] grids = {{13, 9, 7}, {31, 17}, {40}, {6, 1, 5}, {2, 3, 2, 3}};
        for (int[] dims : grids) {
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            double[] spacing = new double[dims.length];
            for (int a = 0; a < dims.length; a++) {
                spacing[a] = 0.3 + 2.7 * rnd.nextDouble();
            }
            for (double density : new double[] {0.01, 0.2, 0.7}) {
                boolean[] f = new boolean[n];
                for (int i = 0; i < n; i++) {
                    f[i] = rnd.nextDouble() < density;
                }
                f[rnd.nextInt(n)] = true;
                double[] expected = bruteForce(f, dims, spacing);
                double[] actual = EuclideanDistanceTransform.squared(f, dims, spacing);
                for (int i = 0; i < n; i++) {
                    // relative 1e-12: the same sums of squares, added in a different order
                    assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, expected[i]), "voxel " + i);
                }
            }
        }
    }

    @Test
    void singleFeatureGivesExactSquaredDistances() {
        boolean[] f = new boolean[5 * 4];
        f[0] = true;
        double[] d = EuclideanDistanceTransform.squared(f, new int[] {5, 4}, new double[] {0.5, 3});
        assertEquals(4 * 0.5 * 4 * 0.5 + 3 * 3 * 3 * 3, d[4 + 5 * 3], 0.0); // (4*0.5)^2 + (3*3)^2
    }

    @Test
    void noFeatureIsInfiniteEverywhere() {
        for (double v : EuclideanDistanceTransform.squared(new boolean[12], new int[] {3, 4}, new double[] {1, 1})) {
            assertEquals(Double.POSITIVE_INFINITY, v);
        }
    }
}
