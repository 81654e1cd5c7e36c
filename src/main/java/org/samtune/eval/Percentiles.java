package org.samtune.eval;

import java.util.Arrays;

/** Percentiles with numpy's default ('linear') interpolation. */
final class Percentiles {
    private Percentiles() {}

    /**
     * The q-th percentile (0..100) of {@code values}: sorted values at rank h = (n - 1) * q / 100, interpolated
     * linearly between the neighbouring ranks. NaN for no values.
     */
    static double linear(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] a = values.clone();
        Arrays.sort(a);
        double h = (a.length - 1) * q / 100.0;
        int lo = (int) Math.floor(h);
        if (lo >= a.length - 1) {
            return a[a.length - 1];
        }
        double t = h - lo;
        return t == 0 ? a[lo] : a[lo] + t * (a[lo + 1] - a[lo]);
    }
}
