package org.samtune.io;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.samtune.predict.RgbImage;
import org.samtune.train.LabelImage;

/**
 * Reads 2-D image files into the values PIL gives after {@code Image.open(f).convert('RGB')} (images) and
 * {@code .convert('L')} (masks), which is what finetune-SAM's dataset does.
 *
 * <p>PNG, JPEG, BMP and GIF are read with javax.imageio from the raw raster (never through
 * {@code BufferedImage.getRGB}, which would colour-manage gray values). TIFF and anything else go through
 * ImageJ 1.x's {@link Opener}. PIL's conversions are reproduced:
 * <ul>
 *   <li>gray 8-bit: RGB = (v,v,v); L = v</li>
 *   <li>gray 16-bit ('I;16'/'I'): values are clipped to 255 in both conversions (PIL's I16/I -> L/RGB)</li>
 *   <li>RGB(A): alpha dropped; L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16 (PIL's L24)</li>
 *   <li>RGB 16-bit per channel: PIL keeps the high byte</li>
 *   <li>palette ('P'): palette colour, and L24 of it for masks</li>
 *   <li>gray+alpha ('LA'): the gray band</li>
 * </ul>
 * Only the first frame/slice of a multi-page file is used (PIL opens frame 0). 32-bit float images are
 * rejected: finetune-SAM's loader assumes 8-bit data.
 *
 * <p>Use this where pixel values must match finetune-SAM's training data; {@link ImageFiles#open} is the
 * general opener (Bio-Formats inside Fiji) for images shown to the user.
 */
public final class PilImageReader {

    private static final Set<String> IMAGEIO_EXT = Set.of("png", "jpg", "jpeg", "bmp", "gif", "wbmp");

    /** The decoded samples of a file before PIL's mode conversion. */
    private record Decoded(int width, int height, Kind kind, int[] a, int[] b, int[] c, int[] palette) {}

    private enum Kind { GRAY, RGB, PALETTE }

    private PilImageReader() {}

    /** PIL {@code convert('RGB')} of the file. */
    public static RgbImage readRgb(Path file) throws IOException {
        Decoded d = decode(file);
        int n = d.width * d.height;
        byte[] rgb = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            int r;
            int g;
            int b;
            switch (d.kind) {
                case GRAY -> r = g = b = clip8(d.a[i]);
                case RGB -> { r = d.a[i]; g = d.b[i]; b = d.c[i]; }
                default -> {
                    int p = d.palette[d.a[i]];
                    r = (p >> 16) & 0xFF; g = (p >> 8) & 0xFF; b = p & 0xFF;
                }
            }
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        return new RgbImage(d.width, d.height, rgb);
    }

    /** PIL {@code convert('L')} of the file, as label values 0..255. */
    public static LabelImage readL(Path file) throws IOException {
        Decoded d = decode(file);
        int n = d.width * d.height;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (d.kind) {
                case GRAY -> clip8(d.a[i]);
                case RGB -> l24(d.a[i], d.b[i], d.c[i]);
                default -> {
                    int p = d.palette[d.a[i]];
                    yield l24((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
                }
            };
        }
        return new LabelImage(d.width, d.height, out);
    }

    /** PIL's RGB -> L (ITU-R 601-2 luma in 16-bit fixed point, rounded). */
    public static int l24(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    private static int clip8(int v) {
        return v <= 0 ? 0 : Math.min(v, 255);
    }

    private static Decoded decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + file);
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (IMAGEIO_EXT.contains(ext)) {
            Decoded d = decodeImageIo(file);
            if (d != null) {
                return d;
            }
        }
        Decoded d = decodeImageJ(file);
        if (d == null && !IMAGEIO_EXT.contains(ext)) {
            d = decodeImageIo(file);
        }
        if (d == null) {
            throw new IOException("cannot read image file (unknown or corrupt format): " + file);
        }
        return d;
    }

    private static Decoded decodeImageIo(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (img == null) {
            return null;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int n = w * h;
        if (cm instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(0, 0, w, h, 0, new int[n]);
            int[] pal = new int[icm.getMapSize()];
            for (int i = 0; i < pal.length; i++) {
                pal[i] = (icm.getRed(i) << 16) | (icm.getGreen(i) << 8) | icm.getBlue(i);
            }
            return new Decoded(w, h, Kind.PALETTE, idx, null, null, pal);
        }
        int bands = r.getNumBands();
        int bits = r.getSampleModel().getSampleSize(0);
        if (r.getTransferType() == java.awt.image.DataBuffer.TYPE_FLOAT
                || r.getTransferType() == java.awt.image.DataBuffer.TYPE_DOUBLE) {
            throw new IOException("floating-point image not supported (finetune-SAM expects 8-bit): " + file);
        }
        if (bands <= 2) {
            // gray or gray+alpha ('LA'): the gray band; 16-bit values are clipped later like PIL's I;16
            int[] g = r.getSamples(0, 0, w, h, 0, new int[n]);
            return new Decoded(w, h, Kind.GRAY, g, null, null, null);
        }
        if (cm.getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_RGB) {
            throw new IOException("unsupported colour space (not gray/RGB) in " + file);
        }
        int[][] ch = new int[3][];
        for (int c = 0; c < 3; c++) {
            ch[c] = r.getSamples(0, 0, w, h, c, new int[n]);
            if (bits > 8) {
                int shift = bits - 8; // PIL reads 16-bit RGB PNGs as 8-bit RGB from the high byte
                for (int i = 0; i < n; i++) {
                    ch[c][i] >>>= shift;
                }
            }
        }
        return new Decoded(w, h, Kind.RGB, ch[0], ch[1], ch[2], null);
    }

    private static Decoded decodeImageJ(Path file) throws IOException {
        ImagePlus imp;
        try {
            Opener opener = new Opener();
            opener.setSilentMode(true);
            imp = opener.openImage(file.toString());
        } catch (RuntimeException e) {
            return null;
        }
        if (imp == null) {
            return null;
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        int n = w * h;
        ImageProcessor ip = imp.getStack().getProcessor(1);
        switch (imp.getType()) {
            case ImagePlus.GRAY8, ImagePlus.COLOR_256 -> {
                byte[] px = (byte[]) ip.getPixels();
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = px[i] & 0xFF;
                }
                if (imp.getType() == ImagePlus.COLOR_256 && ip.getColorModel() instanceof IndexColorModel icm) {
                    int[] pal = new int[256];
                    for (int i = 0; i < Math.min(256, icm.getMapSize()); i++) {
                        pal[i] = (icm.getRed(i) << 16) | (icm.getGreen(i) << 8) | icm.getBlue(i);
                    }
                    return new Decoded(w, h, Kind.PALETTE, v, null, null, pal);
                }
                return new Decoded(w, h, Kind.GRAY, v, null, null, null);
            }
            case ImagePlus.GRAY16 -> {
                short[] px = (short[]) ip.getPixels();
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = px[i] & 0xFFFF;
                }
                return new Decoded(w, h, Kind.GRAY, v, null, null, null);
            }
            case ImagePlus.COLOR_RGB -> {
                int[] px = (int[]) ip.getPixels();
                int[] r = new int[n];
                int[] g = new int[n];
                int[] b = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (px[i] >> 16) & 0xFF;
                    g[i] = (px[i] >> 8) & 0xFF;
                    b[i] = px[i] & 0xFF;
                }
                return new Decoded(w, h, Kind.RGB, r, g, b, null);
            }
            default -> throw new IOException(
                    "32-bit float image not supported (finetune-SAM's PIL loader expects 8-bit): " + file);
        }
    }
}
