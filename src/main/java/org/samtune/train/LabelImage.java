package org.samtune.train;

import java.util.Arrays;

/**
 * A label plane (row-major, {@code labels[y*width+x]}). From image files this is PIL's
 * {@code convert('L')} result (0..255); a volume slicer may put any non-negative label ids here.
 */
public record LabelImage(int width, int height, int[] labels) {

    public LabelImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty mask " + width + "x" + height);
        }
        if (labels.length != width * height) {
            throw new IllegalArgumentException("labels length " + labels.length + " != " + width + "*" + height);
        }
    }

    public int get(int x, int y) {
        return labels[y * width + x];
    }

    /** Largest label value (0 for an empty mask). */
    public int max() {
        int m = 0;
        for (int v : labels) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** True if some pixel is non-zero (finetune-SAM's delete_empty_masks test for combine_all/multi_all). */
    public boolean anyForeground() {
        for (int v : labels) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }

    /** Sorted distinct label values present. */
    public int[] distinctValues() {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelImage l && l.width == width && l.height == height && Arrays.equals(l.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelImage[" + width + "x" + height + "]";
    }
}
