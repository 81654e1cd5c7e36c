package org.samtune.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Evaluation metrics for binary masks on 2D or 3D grids (any rank works) with voxel spacing.
 *
 * <p>Masks are flat {@code boolean[]} with x (axis 0) fastest, index = x + nx*(y + ny*z), the voxel order of
 * NIfTI files; {@code dims} and {@code spacing} are given x first.
 *
 * <p>Overlap metrics count voxels (P = prediction, G = ground truth): Dice = 2|P∩G|/(|P|+|G|),
 * IoU = |P∩G|/|P∪G|, precision = |P∩G|/|P|, recall = |P∩G|/|G|. Empty masks: when both are empty every overlap
 * metric is 1 (a correct "nothing there"); when only one is empty Dice, IoU, precision and recall are 0.
 *
 * <p>Surface metrics (HD, HD95, ASSD, NSD) follow MONAI's conventions, described in {@link SurfaceDistances}: surface
 * = foreground voxels with a background face neighbour (4-/6-connected; the image border counts as background),
 * distances between surface voxel centres from an exact spacing-aware Euclidean distance transform, HD95 = max of
 * the two directed 95th percentiles, ASSD = mean of the pooled directed distances, NSD = fraction of surface
 * voxels of both masks within the tolerance (&lt;=). When either mask is empty the distances are NaN (undefined);
 * NSD is NaN when both are empty and 0 when one is.
 */
public final class SegmentationMetrics {
    private SegmentationMetrics() {}

    /** Voxel counts |P|, |G|, |P∩G| (also behind {@link TrainingDice#smoothed(boolean[], boolean[])}). */
    static long[] counts(boolean[] pred, boolean[] gt) {
        MaskGrid.checkSameLength(pred.length, gt.length);
        long p = 0;
        long g = 0;
        long both = 0;
        for (int i = 0; i < pred.length; i++) {
            p += pred[i] ? 1 : 0;
            g += gt[i] ? 1 : 0;
            both += pred[i] && gt[i] ? 1 : 0;
        }
        return new long[] {p, g, both};
    }

    private static double dice(long p, long g, long both) {
        return p + g == 0 ? 1.0 : 2.0 * both / (p + g);
    }

    private static double iou(long p, long g, long both) {
        return p + g == 0 ? 1.0 : (double) both / (p + g - both);
    }

    /** |P∩G| / |P|; 1 when both masks are empty, 0 when only the prediction is. */
    private static double precision(long p, long g, long both) {
        return p == 0 ? (g == 0 ? 1.0 : 0.0) : (double) both / p;
    }

    /** |P∩G| / |G|; 1 when both masks are empty, 0 when only the ground truth is. */
    private static double recall(long p, long g, long both) {
        return g == 0 ? (p == 0 ? 1.0 : 0.0) : (double) both / g;
    }

    /** Dice coefficient 2|P∩G|/(|P|+|G|); 1 when both masks are empty. */
    public static double dice(boolean[] pred, boolean[] gt) {
        long[] c = counts(pred, gt);
        return dice(c[0], c[1], c[2]);
    }

    /** Intersection over union (Jaccard index); 1 when both masks are empty. */
    public static double iou(boolean[] pred, boolean[] gt) {
        long[] c = counts(pred, gt);
        return iou(c[0], c[1], c[2]);
    }

    /** Precision |P∩G|/|P|; 1 when both masks are empty, 0 when only the prediction is empty. */
    public static double precision(boolean[] pred, boolean[] gt) {
        long[] c = counts(pred, gt);
        return precision(c[0], c[1], c[2]);
    }

    /** Recall (sensitivity) |P∩G|/|G|; 1 when both masks are empty, 0 when only the ground truth is empty. */
    public static double recall(boolean[] pred, boolean[] gt) {
        long[] c = counts(pred, gt);
        return recall(c[0], c[1], c[2]);
    }

    /** Hausdorff distance (max surface distance either way), spacing units; NaN when a mask is empty. */
    public static double hausdorff(boolean[] pred, boolean[] gt, int[] dims, double[] spacing) {
        return SurfaceDistances.between(pred, gt, dims, spacing).hausdorff();
    }

    /** HD95 (max of the two directed 95th percentiles), spacing units; NaN when a mask is empty. */
    public static double hd95(boolean[] pred, boolean[] gt, int[] dims, double[] spacing) {
        return SurfaceDistances.between(pred, gt, dims, spacing).hd95();
    }

    /** Average symmetric surface distance (pooled mean), spacing units; NaN when a mask is empty. */
    public static double assd(boolean[] pred, boolean[] gt, int[] dims, double[] spacing) {
        return SurfaceDistances.between(pred, gt, dims, spacing).assd();
    }

    /** Normalized surface Dice at {@code toleranceMm}; NaN when both masks are empty, 0 when one is. */
    public static double normalizedSurfaceDice(boolean[] pred, boolean[] gt, int[] dims, double[] spacing,
                                               double toleranceMm) {
        return SurfaceDistances.between(pred, gt, dims, spacing).normalizedSurfaceDice(toleranceMm);
    }

    /** Every metric at once (one distance computation). */
    public static SegmentationScores evaluate(boolean[] pred, boolean[] gt, int[] dims, double[] spacing,
                                              double nsdToleranceMm) {
        long[] c = counts(pred, gt);
        SurfaceDistances sd = SurfaceDistances.between(pred, gt, dims, spacing);
        return new SegmentationScores(dice(c[0], c[1], c[2]), iou(c[0], c[1], c[2]), precision(c[0], c[1], c[2]),
                recall(c[0], c[1], c[2]), sd.hausdorff(), sd.hd95(), sd.assd(),
                sd.normalizedSurfaceDice(nsdToleranceMm), nsdToleranceMm, c[0], c[1], c[2]);
    }

    /** The binary mask {@code labels == label}. */
    public static boolean[] classMask(int[] labels, int label) {
        boolean[] m = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            m[i] = labels[i] == label;
        }
        return m;
    }

    /**
     * Scores per class of two label maps on the same grid, each class c compared as the masks label == c.
     *
     * @param classes the labels to score, in the order of the returned map; when none are given, every label
     *                other than 0 (background) present in either map, ascending
     */
    public static Map<Integer, SegmentationScores> perClass(int[] pred, int[] gt, int[] dims, double[] spacing,
                                                            double nsdToleranceMm, int... classes) {
        MaskGrid.checkSameLength(pred.length, gt.length);
        if (classes.length == 0) {
            TreeSet<Integer> present = new TreeSet<>();
            for (int i = 0; i < pred.length; i++) {
                present.add(pred[i]);
                present.add(gt[i]);
            }
            present.remove(0);
            classes = present.stream().mapToInt(Integer::intValue).toArray();
        }
        Map<Integer, SegmentationScores> out = new LinkedHashMap<>();
        for (int c : classes) {
            out.put(c, evaluate(classMask(pred, c), classMask(gt, c), dims, spacing, nsdToleranceMm));
        }
        return out;
    }
}
