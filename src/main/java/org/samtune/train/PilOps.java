package org.samtune.train;

import org.samtune.io.PilImageReader;

/**
 * The PIL operations behind torchvision's photometric transforms on PIL images, on interleaved RGB bytes,
 * with PIL's integer and float arithmetic reproduced:
 * <ul>
 *   <li>{@link #equalize}: {@code ImageOps.equalize} (per-band cumulative histogram LUT);</li>
 *   <li>{@link #brightness}, {@link #contrast}, {@link #saturation}: {@code ImageEnhance.Brightness/Contrast/Color},
 *       i.e. {@code Image.blend(degenerate, image, factor)} (libImaging/Blend.c: float arithmetic, truncation,
 *       clipping only when extrapolating);</li>
 *   <li>{@link #hue}: torchvision's PIL {@code adjust_hue}: RGB -> HSV (uint8), hue byte shifted with
 *       wrap-around, HSV -> RGB (libImaging/Convert.c rgb2hsv / hsv2rgb).</li>
 * </ul>
 * All methods work in place.
 */
public final class PilOps {

    private PilOps() {}

    /** {@code ImageOps.equalize}: each band through its own cumulative-histogram LUT. */
    public static void equalize(byte[] rgb) {
        int[][] hist = new int[3][256];
        for (int i = 0; i < rgb.length; i++) {
            hist[i % 3][rgb[i] & 0xFF]++;
        }
        int[][] lut = new int[3][256];
        for (int b = 0; b < 3; b++) {
            int[] h = hist[b];
            long total = 0;
            int nonZero = 0;
            int last = 0;
            for (int v = 0; v < 256; v++) {
                if (h[v] != 0) {
                    total += h[v];
                    nonZero++;
                    last = h[v];
                }
            }
            long step = nonZero <= 1 ? 0 : (total - last) / 255;
            if (step == 0) {
                for (int v = 0; v < 256; v++) {
                    lut[b][v] = v;
                }
            } else {
                long n = step / 2;
                for (int v = 0; v < 256; v++) {
                    lut[b][v] = (int) Math.min(n / step, 255);
                    n += h[v];
                }
            }
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) lut[i % 3][rgb[i] & 0xFF];
        }
    }

    /** {@code ImageEnhance.Brightness(img).enhance(f)}: blend with black. */
    public static void brightness(byte[] rgb, float factor) {
        blendConstant(rgb, 0, factor);
    }

    /** {@code ImageEnhance.Contrast(img).enhance(f)}: blend with the rounded mean of the L image. */
    public static void contrast(byte[] rgb, float factor) {
        blendConstant(rgb, meanGray(rgb), factor);
    }

    /** {@code ImageEnhance.Color(img).enhance(f)}: blend with the image's own L version (a no-op for gray). */
    public static void saturation(byte[] rgb, float factor) {
        if (factor == 1.0f) {
            return;
        }
        for (int p = 0; p < rgb.length; p += 3) {
            int g = PilImageReader.l24(rgb[p] & 0xFF, rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF);
            for (int c = 0; c < 3; c++) {
                rgb[p + c] = (byte) blend(g, rgb[p + c] & 0xFF, factor);
            }
        }
    }

    /** {@code int(ImageStat.Stat(img.convert('L')).mean[0] + 0.5)}. */
    public static int meanGray(byte[] rgb) {
        long sum = 0;
        int n = rgb.length / 3;
        for (int p = 0; p < rgb.length; p += 3) {
            sum += PilImageReader.l24(rgb[p] & 0xFF, rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF);
        }
        return (int) ((double) sum / n + 0.5);
    }

    /** torchvision PIL adjust_hue with hue_factor in [-0.5, 0.5] (no-op on gray pixels: saturation 0). */
    public static void hue(byte[] rgb, double hueFactor) {
        // np.array(hue_factor * 255).astype(np.uint8): truncation toward zero, then modulo 256 on x86
        int shift = ((int) (hueFactor * 255.0)) & 0xFF;
        if (shift == 0) {
            return;
        }
        int[] hsv = new int[3];
        int[] out = new int[3];
        for (int p = 0; p < rgb.length; p += 3) {
            rgbToHsv(rgb[p] & 0xFF, rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF, hsv);
            hsvToRgb((hsv[0] + shift) & 0xFF, hsv[1], hsv[2], out);
            rgb[p] = (byte) out[0];
            rgb[p + 1] = (byte) out[1];
            rgb[p + 2] = (byte) out[2];
        }
    }

    /** PIL's blend of two 8-bit values: {@code in1 + alpha*(in2-in1)} in float, truncated, clipped if alpha is outside [0,1]. */
    public static int blend(int in1, int in2, float alpha) {
        if (alpha == 0.0f) {
            return in1;
        }
        if (alpha == 1.0f) {
            return in2;
        }
        float t = in1 + alpha * (in2 - in1);
        if (alpha >= 0 && alpha <= 1.0f) {
            return (int) t;
        }
        if (t <= 0.0f) {
            return 0;
        }
        if (t >= 255.0f) {
            return 255;
        }
        return (int) t;
    }

    private static void blendConstant(byte[] rgb, int degenerate, float factor) {
        if (factor == 1.0f) {
            return;
        }
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = blend(degenerate, v, factor);
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) lut[rgb[i] & 0xFF];
        }
    }

    /** PIL rgb2hsv: h, s, v as bytes. */
    public static void rgbToHsv(int r, int g, int b, int[] hsv) {
        int maxc = Math.max(r, Math.max(g, b));
        int minc = Math.min(r, Math.min(g, b));
        hsv[2] = maxc;
        if (minc == maxc) {
            hsv[0] = 0;
            hsv[1] = 0;
            return;
        }
        float cr = (float) (maxc - minc);
        float s = cr / (float) maxc;
        float rc = (float) (maxc - r) / cr;
        float gc = (float) (maxc - g) / cr;
        float bc = (float) (maxc - b) / cr;
        float h;
        if (r == maxc) {
            h = bc - gc;
        } else if (g == maxc) {
            h = (float) (2.0 + rc - bc);
        } else {
            h = (float) (4.0 + gc - rc);
        }
        h = (float) ((h / 6.0 + 1.0) % 1.0);
        hsv[0] = clip8((int) (h * 255.0));
        hsv[1] = clip8((int) (s * 255.0));
    }

    /** PIL hsv2rgb. */
    public static void hsvToRgb(int h, int s, int v, int[] rgb) {
        if (s == 0) {
            rgb[0] = rgb[1] = rgb[2] = v;
            return;
        }
        int i = (int) Math.floor((float) h * 6.0 / 255.0);
        float f = (float) ((float) h * 6.0 / 255.0 - (float) i);
        float fs = (float) (((float) s) / 255.0);
        int p = clip8(cRound((float) v * (1.0 - fs)));
        int q = clip8(cRound((float) v * (1.0 - fs * f)));
        int t = clip8(cRound((float) v * (1.0 - fs * (1.0 - f))));
        switch (i % 6) {
            case 0 -> { rgb[0] = v; rgb[1] = t; rgb[2] = p; }
            case 1 -> { rgb[0] = q; rgb[1] = v; rgb[2] = p; }
            case 2 -> { rgb[0] = p; rgb[1] = v; rgb[2] = t; }
            case 3 -> { rgb[0] = p; rgb[1] = q; rgb[2] = v; }
            case 4 -> { rgb[0] = t; rgb[1] = p; rgb[2] = v; }
            default -> { rgb[0] = v; rgb[1] = p; rgb[2] = q; }
        }
    }

    /** C round(): half away from zero. */
    private static int cRound(double x) {
        double a = Math.abs(x);
        double fl = Math.floor(a);
        double r = (a - fl >= 0.5) ? fl + 1 : fl;
        return (int) Math.copySign(r, x);
    }

    private static int clip8(int v) {
        return v <= 0 ? 0 : Math.min(v, 255);
    }
}
