package org.samtune.predict;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An 8-bit RGB image, the model's input image format (SAM's {@code image_format="RGB"}, HxWx3 uint8).
 *
 * <p>Pixels are stored interleaved and row-major, exactly like a numpy {@code (H, W, 3)} uint8 array:
 * the byte at {@code (y * width + x) * 3 + c} is channel {@code c} of pixel {@code (x, y)}. Bytes are
 * unsigned; read them with {@link #get(int, int, int)}.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] data;

    /** Wraps {@code data} (not copied), which must hold {@code width * height * 3} bytes. */
    public RgbImage(int width, int height, byte[] data) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive: " + width + "x" + height);
        }
        if (data.length != (long) width * height * 3) {
            throw new IllegalArgumentException(
                    "Expected " + ((long) width * height * 3) + " bytes for " + width + "x" + height + " RGB, got "
                            + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** A black image. */
    public RgbImage(int width, int height) {
        this(width, height, new byte[checkedSize(width, height)]);
    }

    private static int checkedSize(int width, int height) {
        long n = (long) width * height * 3;
        if (width <= 0 || height <= 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Unsupported image size " + width + "x" + height);
        }
        return (int) n;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The interleaved RGB bytes (shared, not a copy). */
    public byte[] data() {
        return data;
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel {@code (x, y)}, 0..255. */
    public int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xFF;
    }

    public void set(int x, int y, int c, int value) {
        data[(y * width + x) * 3 + c] = (byte) value;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, data.clone());
    }

    /**
     * Converts an 8-bit AWT image (PNG/JPEG read with ImageIO, gray or colour) to RGB; alpha is dropped.
     * Images with more than 8 bits per sample should go through {@link IntensityScaler} instead (AWT
     * would convert them with its own colour handling).
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[checkedSize(w, h)];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // getRGB would pass gray through a colour-space conversion and change the values.
            byte[] gray = new byte[w];
            for (int y = 0; y < h; y++) {
                img.getRaster().getDataElements(0, y, w, 1, gray);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = gray[x];
                }
            }
            return new RgbImage(w, h, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * An 8-bit gray plane ({@code width * height} bytes, row-major) replicated into three identical channels,
     * as PIL's {@code convert('RGB')} does for an 'L' image.
     */
    public static RgbImage fromGray(int width, int height, byte[] gray) {
        if (gray.length != (long) width * height) {
            throw new IllegalArgumentException("Expected " + ((long) width * height) + " gray pixels, got " + gray.length);
        }
        byte[] out = new byte[checkedSize(width, height)];
        for (int i = 0; i < gray.length; i++) {
            out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = gray[i];
        }
        return new RgbImage(width, height, out);
    }

    /** Packed 0xRRGGBB ints (as ImageJ's ColorProcessor stores them); the top byte is ignored. */
    public static RgbImage fromPackedRgb(int[] rgb, int width, int height) {
        if (rgb.length != (long) width * height) {
            throw new IllegalArgumentException("Expected " + ((long) width * height) + " pixels, got " + rgb.length);
        }
        byte[] out = new byte[checkedSize(width, height)];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[3 * i] = (byte) (p >> 16);
            out[3 * i + 1] = (byte) (p >> 8);
            out[3 * i + 2] = (byte) p;
        }
        return new RgbImage(width, height, out);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                row[x] = (data[o] & 0xFF) << 16 | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage
                && ((RgbImage) o).width == width
                && ((RgbImage) o).height == height
                && Arrays.equals(((RgbImage) o).data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
