package org.samtune.io;

import ij.ImagePlus;
import ij.io.TiffEncoder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.samtune.checkpoint.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes masks and label images atomically (a failed write leaves no partial file): PNG or TIFF by
 * extension; 8-bit when every label fits, else 16-bit. A binary mask is written 0/255 so it shows in
 * any viewer.
 */
public final class MaskFiles {
    private MaskFiles() {}

    public static void writeBinary(boolean[] mask, int width, int height, Path file) throws IOException {
        int[] labels = new int[mask.length];
        for (int i = 0; i < mask.length; i++) {
            labels[i] = mask[i] ? 255 : 0;
        }
        writeLabels(labels, width, height, file);
    }

    public static void writeLabels(int[] labels, int width, int height, Path file) throws IOException {
        int max = 0;
        for (int v : labels) {
            if (v < 0) {
                throw new IllegalArgumentException("Negative label " + v);
            }
            max = Math.max(max, v);
        }
        if (max > 65535) {
            throw new IllegalArgumentException("More than 65535 labels cannot be stored in a 16-bit image");
        }
        ImageProcessor ip;
        if (max < 256) {
            byte[] px = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) {
                px[i] = (byte) labels[i];
            }
            ip = new ByteProcessor(width, height, px);
        } else {
            short[] px = new short[labels.length];
            for (int i = 0; i < labels.length; i++) {
                px[i] = (short) labels[i];
            }
            ip = new ShortProcessor(width, height, px, null);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ImagePlus imp = new ImagePlus("mask", ip);
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            AtomicFiles.write(file, out -> new TiffEncoder(imp.getFileInfo()).write(out));
        } else if (name.endsWith(".png")) {
            // built from the raster: ImageProcessor.getBufferedImage() needs AWT graphics, absent without a display
            BufferedImage img = new BufferedImage(width, height,
                    max < 256 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
            img.getRaster().setDataElements(0, 0, width, height, ip.getPixels());
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("No PNG writer available");
                }
            });
        } else {
            throw new IllegalArgumentException("Output " + file + ": use a .png, .tif or .tiff file name");
        }
    }
}
