package org.samtune.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the prediction of one case (a 2-D image, a slice or a whole volume) into {@link MetricsTable} rows: one
 * per class, each class compared as the binary masks "prediction of class c" vs "ground truth == c" with
 * {@link SegmentationMetrics#evaluate} on the case's grid and spacing.
 */
public final class CaseScorer {
    private final double nsdTolerance;

    /** @param nsdTolerance tolerance of the normalized surface Dice, in spacing units (mm for NIfTI, px for 2-D) */
    public CaseScorer(double nsdTolerance) {
        if (!(nsdTolerance >= 0)) {
            throw new IllegalArgumentException("NSD tolerance must be >= 0, got " + nsdTolerance);
        }
        this.nsdTolerance = nsdTolerance;
    }

    public double nsdTolerance() {
        return nsdTolerance;
    }

    /**
     * One row per entry of {@code predicted} (class id -> predicted mask), in map order.
     *
     * @param gt      ground-truth class map on the same grid (x fastest)
     * @param dims    grid sizes, x first ({width, height} for a row-major 2-D plane)
     * @param spacing one spacing per axis, x first
     */
    public List<MetricsTable.Row> score(String model, String caseName, String slice, Map<Integer, boolean[]> predicted,
                                        int[] gt, int[] dims, double[] spacing) {
        List<MetricsTable.Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, boolean[]> e : predicted.entrySet()) {
            int c = e.getKey();
            SegmentationScores s = SegmentationMetrics.evaluate(e.getValue(), SegmentationMetrics.classMask(gt, c), dims,
                    spacing, nsdTolerance);
            rows.add(MetricsTable.Row.of(model, caseName, slice, c, s));
        }
        return rows;
    }

    /** Rows for two class maps: every class in {@code classes} that is present in either map. */
    public List<MetricsTable.Row> score(String model, String caseName, String slice, int[] pred, int[] gt, int[] dims,
                                        double[] spacing, int... classes) {
        return score(model, caseName, slice, classMasks(pred, presentClasses(pred, gt, classes)), gt, dims, spacing);
    }

    /** The classes of {@code classes} that occur in {@code a} or {@code b} (a class absent from both is not scored). */
    public static int[] presentClasses(int[] a, int[] b, int... classes) {
        return java.util.Arrays.stream(classes).filter(c -> contains(a, c) || contains(b, c)).toArray();
    }

    /** The classes of {@code classes} that occur in {@code labels}. */
    public static int[] presentClasses(int[] labels, int... classes) {
        return java.util.Arrays.stream(classes).filter(c -> contains(labels, c)).toArray();
    }

    /** Class id -> binary mask {@code labels == id}, in the order given. */
    public static Map<Integer, boolean[]> classMasks(int[] labels, int... classes) {
        Map<Integer, boolean[]> out = new LinkedHashMap<>();
        for (int c : classes) {
            out.put(c, SegmentationMetrics.classMask(labels, c));
        }
        return out;
    }

    private static boolean contains(int[] labels, int c) {
        for (int v : labels) {
            if (v == c) {
                return true;
            }
        }
        return false;
    }
}
