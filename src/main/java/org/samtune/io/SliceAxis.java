package org.samtune.io;

import java.util.Locale;

/**
 * The volume axis that is held fixed to cut 2-D slices, in the file's voxel axes (i = x, j = y, k = z; x fastest).
 *
 * <p>Slice orientation, the same for images, labels and predictions written back: the two remaining axes become
 * image rows and columns in axis order, the lower-numbered one as rows (numpy's {@code vol[...]} indexing):
 * <ul>
 *   <li>{@link #Z} ({@code vol[:, :, k]}): rows = i (x), columns = j (y). This is the finetune-SAM 3-D notebook's
 *       axial slice ("X rows x Y cols"), so a model trained on its slices sees them the same way;</li>
 *   <li>{@link #Y} ({@code vol[:, j, :]}): rows = i (x), columns = k (z);</li>
 *   <li>{@link #X} ({@code vol[i, :, :]}): rows = j (y), columns = k (z).</li>
 * </ul>
 * Slice pixel (row r, column c) is therefore the voxel whose row axis index is r and column axis index is c; no
 * flip is applied (the notebook's orientation-dependent left/right flip is not reproduced).
 */
public enum SliceAxis {
    X(0), Y(1), Z(2);

    /** The fixed voxel axis: 0 = i, 1 = j, 2 = k. */
    public final int axis;

    SliceAxis(int axis) {
        this.axis = axis;
    }

    /** The voxel axis that runs down the slice's rows (the slice's height). */
    public int rowAxis() {
        return axis == 0 ? 1 : 0;
    }

    /** The voxel axis that runs along the slice's columns (the slice's width). */
    public int colAxis() {
        return axis == 2 ? 1 : 2;
    }

    /** Parses "x", "y", "z" (any case), or "sagittal"/"coronal"/"axial" for x/y/z in a RAS-like voxel order. */
    public static SliceAxis parse(String s) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "x": case "i": case "0": case "sagittal": return X;
            case "y": case "j": case "1": case "coronal": return Y;
            case "z": case "k": case "2": case "axial": return Z;
            default: throw new IllegalArgumentException("slice axis must be x, y or z, got \"" + s + "\"");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
