package org.samtune.eval;

/**
 * Distances between the surfaces of a predicted and a ground-truth mask, in spacing units (e.g. mm).
 *
 * <p>Surfaces are the voxels {@link MaskSurface} returns (face-connected, image border = background). Each
 * directed distance is the Euclidean distance from a surface voxel centre of one mask to the nearest surface voxel
 * centre of the other, from an exact spacing-aware {@link EuclideanDistanceTransform} of the other surface. This
 * is MONAI's convention ({@code get_surface_distance} on {@code get_mask_edges}) with voxel-count weighting; it
 * differs from DeepMind's surface-distance package, which weights surface elements by their area.
 *
 * <p>Empty masks: when either mask is empty, {@link #hausdorff()}, {@link #hd95()} and {@link #assd()} are NaN
 * (undefined rather than infinite, so averaging code can skip them explicitly); {@link #normalizedSurfaceDice}
 * is NaN when both are empty and 0 when exactly one is.
 */
public final class SurfaceDistances {
    private final double[] predToGt;
    private final double[] gtToPred;

    private SurfaceDistances(double[] predToGt, double[] gtToPred) {
        this.predToGt = predToGt;
        this.gtToPred = gtToPred;
    }

    /**
     * Computes both directed distance sets. The work is done on the bounding box of the two masks, which gives the
     * same surfaces and distances as the whole grid (outside the box there is only background).
     *
     * @param pred    predicted mask, flat, x fastest
     * @param gt      ground-truth mask on the same grid
     * @param dims    grid size, x first (2D: {nx, ny}; 3D: {nx, ny, nz})
     * @param spacing voxel size per axis, x first
     */
    public static SurfaceDistances between(boolean[] pred, boolean[] gt, int[] dims, double[] spacing) {
        MaskGrid.checkSameLength(pred.length, gt.length);
        MaskGrid.check(pred.length, dims, spacing);
        int[] box = MaskGrid.boundingBox(pred, gt, dims);
        if (box == null) {
            return new SurfaceDistances(new double[0], new double[0]);
        }
        int[] boxDims = MaskGrid.boxDims(box);
        boolean[] predSurface = MaskSurface.of(MaskGrid.crop(pred, dims, box), boxDims);
        boolean[] gtSurface = MaskSurface.of(MaskGrid.crop(gt, dims, box), boxDims);
        return new SurfaceDistances(directed(predSurface, gtSurface, boxDims, spacing),
                directed(gtSurface, predSurface, boxDims, spacing));
    }

    /** Distance from each surface voxel of {@code from} to the surface {@code to}; +inf when {@code to} is empty. */
    private static double[] directed(boolean[] from, boolean[] to, int[] dims, double[] spacing) {
        double[] sq = EuclideanDistanceTransform.squared(to, dims, spacing);
        int n = 0;
        for (boolean b : from) {
            n += b ? 1 : 0;
        }
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i]) {
                out[j++] = Math.sqrt(sq[i]);
            }
        }
        return out;
    }

    /** Distances from each prediction surface voxel to the ground-truth surface (voxel order, a copy). */
    public double[] predToGt() {
        return predToGt.clone();
    }

    /** Distances from each ground-truth surface voxel to the prediction surface (voxel order, a copy). */
    public double[] gtToPred() {
        return gtToPred.clone();
    }

    private boolean oneEmpty() {
        return predToGt.length == 0 || gtToPred.length == 0;
    }

    /** Hausdorff distance: the largest directed distance either way. NaN when a mask is empty. */
    public double hausdorff() {
        if (oneEmpty()) {
            return Double.NaN;
        }
        double m = 0;
        for (double d : predToGt) {
            m = Math.max(m, d);
        }
        for (double d : gtToPred) {
            m = Math.max(m, d);
        }
        return m;
    }

    /**
     * Percentile Hausdorff distance, MONAI's convention: the larger of the two directed q-th percentiles (numpy
     * 'linear' interpolation), not the percentile of the pooled distances. NaN when a mask is empty.
     */
    public double percentileHausdorff(double q) {
        if (oneEmpty()) {
            return Double.NaN;
        }
        return Math.max(Percentiles.linear(predToGt, q), Percentiles.linear(gtToPred, q));
    }

    /** HD95: {@link #percentileHausdorff(double)} at 95. */
    public double hd95() {
        return percentileHausdorff(95);
    }

    /**
     * Average symmetric surface distance: the mean of all directed distances of both surfaces pooled together
     * (each surface voxel counts once; MONAI's {@code symmetric=True}). NaN when a mask is empty.
     */
    public double assd() {
        if (oneEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double d : predToGt) {
            sum += d;
        }
        for (double d : gtToPred) {
            sum += d;
        }
        return sum / (predToGt.length + gtToPred.length);
    }

    /**
     * Normalized surface Dice at {@code toleranceMm}: the fraction of surface voxels of both masks whose distance to
     * the other surface is at most the tolerance, (|{d_pg &lt;= tau}| + |{d_gp &lt;= tau}|) / (|S_p| + |S_g|). Voxel
     * counts, as MONAI's {@code compute_surface_dice} without sub-voxels. NaN when both masks are empty, 0 when
     * exactly one is.
     */
    public double normalizedSurfaceDice(double toleranceMm) {
        int total = predToGt.length + gtToPred.length;
        if (total == 0) {
            return Double.NaN;
        }
        int within = 0;
        for (double d : predToGt) {
            within += d <= toleranceMm ? 1 : 0;
        }
        for (double d : gtToPred) {
            within += d <= toleranceMm ? 1 : 0;
        }
        return (double) within / total;
    }
}
