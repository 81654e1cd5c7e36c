package org.samtune.eval;

import java.util.Arrays;

/** Checks and helpers for flat masks on an n-D grid, x (axis 0) fastest: index = x + nx*(y + ny*z). */
final class MaskGrid {
    private MaskGrid() {}

    /** Throws IllegalArgumentException unless dims and spacing describe a grid of {@code length} voxels. */
    static void check(int length, int[] dims, double[] spacing) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("Grid needs at least one dimension");
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("Dimensions must be >= 1: " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("Dims " + Arrays.toString(dims) + " hold " + n + " voxels, the mask has "
                    + length);
        }
        if (spacing == null || spacing.length != dims.length) {
            throw new IllegalArgumentException("Need one spacing per dimension " + Arrays.toString(dims) + ", got "
                    + Arrays.toString(spacing));
        }
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("Spacings must be finite and > 0: " + Arrays.toString(spacing));
            }
        }
    }

    static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("Prediction has " + a + " voxels, ground truth " + b);
        }
    }

    /** Index stride of each axis. */
    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int a = 0; a < dims.length; a++) {
            s[a] = stride;
            stride *= dims[a];
        }
        return s;
    }

    /**
     * Bounding box {lo0, hi0, lo1, hi1, ...} (inclusive) of voxels set in either mask, or null when both are empty.
     */
    static int[] boundingBox(boolean[] a, boolean[] b, int[] dims) {
        int rank = dims.length;
        int[] box = new int[2 * rank];
        for (int ax = 0; ax < rank; ax++) {
            box[2 * ax] = Integer.MAX_VALUE;
            box[2 * ax + 1] = -1;
        }
        int[] coord = new int[rank];
        boolean any = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] || b[i]) {
                any = true;
                for (int ax = 0; ax < rank; ax++) {
                    box[2 * ax] = Math.min(box[2 * ax], coord[ax]);
                    box[2 * ax + 1] = Math.max(box[2 * ax + 1], coord[ax]);
                }
            }
            // advance the odometer: coordinate of index i + 1
            for (int ax = 0; ax < rank && ++coord[ax] == dims[ax]; ax++) {
                coord[ax] = 0;
            }
        }
        return any ? box : null;
    }

    /** Dimensions of a bounding box. */
    static int[] boxDims(int[] box) {
        int[] d = new int[box.length / 2];
        for (int ax = 0; ax < d.length; ax++) {
            d[ax] = box[2 * ax + 1] - box[2 * ax] + 1;
        }
        return d;
    }

    /** The part of {@code mask} inside {@code box}, as a flat mask of {@link #boxDims}. */
    static boolean[] crop(boolean[] mask, int[] dims, int[] box) {
        int[] out = boxDims(box);
        int[] strides = strides(dims);
        int rank = dims.length;
        int n = 1;
        for (int d : out) {
            n *= d;
        }
        boolean[] cropped = new boolean[n];
        int[] coord = new int[rank];
        for (int j = 0; j < n; j++) {
            int src = 0;
            for (int ax = 0; ax < rank; ax++) {
                src += (box[2 * ax] + coord[ax]) * strides[ax];
            }
            cropped[j] = mask[src];
            for (int ax = 0; ax < rank && ++coord[ax] == out[ax]; ax++) {
                coord[ax] = 0;
            }
        }
        return cropped;
    }
}
