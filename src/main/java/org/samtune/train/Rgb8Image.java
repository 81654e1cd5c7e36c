package org.samtune.train;

import java.util.Arrays;

/**
 * An 8-bit RGB image, as PIL holds it after {@code convert('RGB')}: interleaved HWC bytes
 * ({@code rgb[3*(y*width+x)+c]}, read as unsigned).
 */
public record Rgb8Image(int width, int height, byte[] rgb) {

    public Rgb8Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty image " + width + "x" + height);
        }
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("rgb length " + rgb.length + " != 3*" + width + "*" + height);
        }
    }

    /** Replicates an 8-bit gray plane into three identical channels (PIL 'L' -> 'RGB'). */
    public static Rgb8Image fromGray(int width, int height, byte[] gray) {
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < gray.length; i++) {
            rgb[3 * i] = gray[i];
            rgb[3 * i + 1] = gray[i];
            rgb[3 * i + 2] = gray[i];
        }
        return new Rgb8Image(width, height, rgb);
    }

    /** Unsigned value of channel c at (x, y). */
    public int get(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xFF;
    }

    public Rgb8Image copy() {
        return new Rgb8Image(width, height, rgb.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rgb8Image r && r.width == width && r.height == height && Arrays.equals(r.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Rgb8Image[" + width + "x" + height + "]";
    }
}
