package org.samtune.eval;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform on an n-D grid with voxel spacing, by Felzenszwalb and Huttenlocher's
 * separable algorithm ("Distance Transforms of Sampled Functions", 2012): a 1-D lower envelope of parabolas along
 * each axis in turn, with parabola positions in physical units (index * spacing), so anisotropic voxels are exact.
 */
public final class EuclideanDistanceTransform {
    private EuclideanDistanceTransform() {}

    /**
     * Squared distance (in spacing units, e.g. mm^2) from every voxel centre to the nearest voxel where
     * {@code features} is true; 0 on features, +infinity everywhere when there is no feature.
     *
     * @param features flat mask, x fastest
     * @param dims     grid size, x first
     * @param spacing  voxel size per axis, x first, each finite and &gt; 0
     */
    public static double[] squared(boolean[] features, int[] dims, double[] spacing) {
        MaskGrid.check(features.length, dims, spacing);
        int n = features.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = features[i] ? 0.0 : Double.POSITIVE_INFINITY;
        }
        int maxLen = Arrays.stream(dims).max().getAsInt();
        double[] line = new double[maxLen];
        double[] out = new double[maxLen];
        int[] vertex = new int[maxLen];
        double[] bound = new double[maxLen + 1];
        int stride = 1;
        for (int ax = 0; ax < dims.length; ax++) {
            int len = dims[ax];
            int block = stride * len;
            if (len > 1) { // along a size-1 axis every distance stays as it is
                for (int base = 0; base < n; base += block) {
                    for (int off = 0; off < stride; off++) {
                        int start = base + off;
                        for (int q = 0; q < len; q++) {
                            line[q] = d[start + q * stride];
                        }
                        envelope(line, len, spacing[ax], out, vertex, bound);
                        for (int q = 0; q < len; q++) {
                            d[start + q * stride] = out[q];
                        }
                    }
                }
            }
            stride = block;
        }
        return d;
    }

    /**
     * 1-D pass: out[p] = min over q of (s*(p - q))^2 + f[q], for the lower envelope of the parabolas rooted at
     * the finite f[q] (infinite ones are skipped instead of being carried as huge numbers).
     */
    private static void envelope(double[] f, int len, double s, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < len; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double xq = q * s;
            double hq = f[q] + xq * xq;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double cross;
            while (true) {
                // where the parabola of q overtakes the one of v[k] (z[0] = -inf stops this at k = 0)
                double xp = v[k] * s;
                cross = (hq - (f[v[k]] + xp * xp)) / (2.0 * (xq - xp));
                if (cross <= z[k]) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = cross;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            Arrays.fill(out, 0, len, Double.POSITIVE_INFINITY);
            return;
        }
        k = 0;
        for (int p = 0; p < len; p++) {
            double xp = p * s;
            while (z[k + 1] < xp) {
                k++;
            }
            double dx = (p - v[k]) * s; // integer offset first: exact multiples of the spacing
            out[p] = dx * dx + f[v[k]];
        }
    }
}
