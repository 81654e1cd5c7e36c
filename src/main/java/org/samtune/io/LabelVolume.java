package org.samtune.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A label volume on the grid of a reference image, filled slice by slice with 2-D predictions cut the same way as
 * the image was sliced ({@link SliceAxis}, {@link VolumeSlicer}). Saved with the reference's geometry
 * ({@link NiftiImage#likeGeometry(NiftiImage, int[])}), so it overlays the image in other viewers.
 */
public final class LabelVolume {
    private final NiftiImage reference;
    private final VolumeSlicer slicer;
    private final int[] labels;

    /** An all-background volume on the spatial grid of {@code reference}, written through slices along {@code axis}. */
    public LabelVolume(NiftiImage reference, SliceAxis axis) {
        this.reference = reference;
        this.slicer = VolumeSlicer.of(reference, axis);
        this.labels = new int[slicer.voxelCount()];
    }

    public VolumeSlicer slicer() {
        return slicer;
    }

    /**
     * Puts a 2-D label map (row-major, {@link VolumeSlicer#height()} rows of {@link VolumeSlicer#width()} values,
     * in the orientation {@link NiftiSliceSource} and {@link VolumeSlicer} produce) into slice {@code sliceIndex}.
     */
    public void writeSlice(int[] labels2d, int sliceIndex) {
        slicer.writeSlice(labels, labels2d, sliceIndex);
    }

    /** Slice {@code sliceIndex} as currently held (row-major). */
    public int[] slice(int sliceIndex) {
        return slicer.labelSlice(labels, sliceIndex);
    }

    /** The labels, x fastest (not a copy). */
    public int[] labels() {
        return labels;
    }

    /** A NIfTI label volume (uint8 or int16) with the reference's grid and geometry. */
    public NiftiImage toNifti() {
        return NiftiImage.likeGeometry(reference, labels);
    }

    /** Writes {@link #toNifti()} to {@code file} (.nii or .nii.gz). */
    public void save(Path file) throws IOException {
        NiftiWriter.write(toNifti(), file);
    }
}
