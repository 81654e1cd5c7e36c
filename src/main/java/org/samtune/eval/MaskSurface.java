package org.samtune.eval;

/**
 * Surface voxels of a binary mask: foreground voxels with at least one face neighbour (4-connected in 2D,
 * 6-connected in 3D, 2n in n-D) that is background or lies outside the image. The image border therefore counts
 * as background, as in MONAI's {@code get_mask_edges} (mask XOR scipy {@code binary_erosion} with the cross
 * structure and border_value 0). Axes of size 1 are ignored (a single slice stored as 3D behaves as 2D).
 */
public final class MaskSurface {
    private MaskSurface() {}

    /** Surface voxels of {@code mask} (flat, x fastest, on the grid {@code dims}). */
    public static boolean[] of(boolean[] mask, int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != mask.length) {
            throw new IllegalArgumentException("Dims hold " + n + " voxels, the mask has " + mask.length);
        }
        int rank = dims.length;
        int[] strides = MaskGrid.strides(dims);
        boolean[] surface = new boolean[mask.length];
        int[] coord = new int[rank];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                for (int ax = 0; ax < rank; ax++) {
                    if (dims[ax] == 1) {
                        continue;
                    }
                    int c = coord[ax];
                    if (c == 0 || c == dims[ax] - 1 || !mask[i - strides[ax]] || !mask[i + strides[ax]]) {
                        surface[i] = true;
                        break;
                    }
                }
            }
            for (int ax = 0; ax < rank && ++coord[ax] == dims[ax]; ax++) {
                coord[ax] = 0;
            }
        }
        return surface;
    }
}
