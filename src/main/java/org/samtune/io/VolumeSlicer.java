package org.samtune.io;

import java.util.Arrays;

import org.samtune.predict.RgbImage;

/**
 * Cuts a 3-D voxel grid (x fastest: index = x + nx*(y + ny*z)) into 2-D slices along one {@link SliceAxis}, and
 * puts 2-D slices back. Rows and columns follow {@link SliceAxis}: slice pixel (r, c) sits at
 * {@code plane[r * width() + c]}, with r along {@link SliceAxis#rowAxis()} and c along {@link SliceAxis#colAxis()},
 * so {@link #writeSlice} is the exact inverse of {@link #labelSlice}.
 */
public final class VolumeSlicer {
    private final int[] dims;
    private final SliceAxis axis;
    private final int[] strides;

    /** @param dims the three spatial sizes (nx, ny, nz) */
    public VolumeSlicer(int[] dims, SliceAxis axis) {
        if (dims.length != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1) {
            throw new IllegalArgumentException("need three positive spatial sizes, got " + Arrays.toString(dims));
        }
        this.dims = dims.clone();
        this.axis = axis;
        this.strides = new int[] {1, dims[0], dims[0] * dims[1]};
    }

    /** The slicer for the spatial grid (first three axes; missing axes count as 1) of {@code image}. */
    public static VolumeSlicer of(NiftiImage image, SliceAxis axis) {
        return new VolumeSlicer(new int[] {image.dim(0), image.dim(1), image.dim(2)}, axis);
    }

    public SliceAxis axis() {
        return axis;
    }

    /** nx, ny, nz (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    public int voxelCount() {
        return dims[0] * dims[1] * dims[2];
    }

    /** Number of slices: the size of the fixed axis. */
    public int sliceCount() {
        return dims[axis.axis];
    }

    /** Slice width (columns) = size of {@link SliceAxis#colAxis()}. */
    public int width() {
        return dims[axis.colAxis()];
    }

    /** Slice height (rows) = size of {@link SliceAxis#rowAxis()}. */
    public int height() {
        return dims[axis.rowAxis()];
    }

    /** Flat voxel index of pixel (row, col) of slice {@code slice}. */
    public int voxelIndex(int slice, int row, int col) {
        return slice * strides[axis.axis] + row * strides[axis.rowAxis()] + col * strides[axis.colAxis()];
    }

    private void checkSlice(int slice) {
        if (slice < 0 || slice >= sliceCount()) {
            throw new IndexOutOfBoundsException("slice " + slice + " along " + axis.label() + " of a "
                    + dims[0] + "x" + dims[1] + "x" + dims[2] + " volume (0.." + (sliceCount() - 1) + ")");
        }
    }

    private void checkVolume(int length) {
        if (length < voxelCount()) {
            throw new IllegalArgumentException("volume of " + length + " values for a " + dims[0] + "x" + dims[1]
                    + "x" + dims[2] + " grid");
        }
    }

    /** Slice {@code slice} of a float volume, row-major (height x width). */
    public float[] floatSlice(float[] volume, int slice) {
        checkSlice(slice);
        checkVolume(volume.length);
        int w = width();
        int h = height();
        float[] out = new float[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = volume[voxelIndex(slice, r, c)];
            }
        }
        return out;
    }

    /** Slice {@code slice} of a label volume, row-major (height x width). */
    public int[] labelSlice(int[] volume, int slice) {
        checkSlice(slice);
        checkVolume(volume.length);
        int w = width();
        int h = height();
        int[] out = new int[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = volume[voxelIndex(slice, r, c)];
            }
        }
        return out;
    }

    /** The inverse of {@link #labelSlice}: copies a row-major (height x width) plane into slice {@code slice}. */
    public void writeSlice(int[] volume, int[] plane, int slice) {
        checkSlice(slice);
        checkVolume(volume.length);
        int w = width();
        int h = height();
        if (plane.length != w * h) {
            throw new IllegalArgumentException("slice " + slice + " along " + axis.label() + " is " + w + "x" + h
                    + " (width x height) = " + (w * h) + " pixels, got " + plane.length);
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                volume[voxelIndex(slice, r, c)] = plane[r * w + c];
            }
        }
    }

    /** Which slices hold a label other than 0. */
    public boolean[] labelledSlices(int[] labels) {
        checkVolume(labels.length);
        boolean[] out = new boolean[sliceCount()];
        for (int z = 0; z < dims[2]; z++) {
            for (int y = 0; y < dims[1]; y++) {
                int base = dims[0] * (y + dims[1] * z);
                for (int x = 0; x < dims[0]; x++) {
                    if (labels[base + x] != 0) {
                        out[axis == SliceAxis.X ? x : axis == SliceAxis.Y ? y : z] = true;
                    }
                }
            }
        }
        return out;
    }

    /** Slice {@code slice} mapped to 8 bit by {@code mapping} (already bound to the volume) and replicated to RGB. */
    public RgbImage rgbSlice(float[] volume, int slice, IntensityMapping mapping) {
        return RgbImage.fromGray(width(), height(), mapping.toUint8(floatSlice(volume, slice)));
    }

    /** True when some value is not NaN. */
    public static boolean hasNonNaN(float[] values) {
        for (float v : values) {
            if (!Float.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The intensities of one 3-D volume of {@code image} (channel {@code channel} of a 4-D image, MSD style),
     * with scl_slope/scl_inter applied, as float32 (x fastest).
     */
    public static float[] intensities(NiftiImage image, int channel) {
        int n = image.dim(0) * image.dim(1) * image.dim(2);
        int channels = image.voxelCount() / n;
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " of an image with " + channels + " channel(s)");
        }
        float[] out = new float[n];
        int base = channel * n;
        for (int i = 0; i < n; i++) {
            out[i] = (float) image.getScaled(base + i);
        }
        return out;
    }
}
