package org.samtune.train;

import org.samtune.predict.RgbImage;

/**
 * PLACEHOLDER, to be replaced by org.samtune.predict's PilResize once merged (wire it in through
 * {@link RgbResizer}). Kept here so the training data path runs and is tested on its own.
 *
 * <p>PIL {@code Image.resize(size, BILINEAR)} for 8-bit images (libImaging/Resample.c): separable triangle
 * filter whose support widens by the scale when shrinking; per output pixel the weights are normalised,
 * turned into 22-bit fixed point {@code (int)(0.5 + w * 2^22)}, accumulated from {@code 2^21} and shifted back
 * with clipping. The horizontal pass runs first into an 8-bit intermediate, then the vertical pass.
 * Checked bit-exactly against PIL output in the tests (sam-tiny/preprocess*.npz).
 */
public final class PilBilinearPlaceholder implements RgbResizer {

    public static final PilBilinearPlaceholder INSTANCE = new PilBilinearPlaceholder();

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBilinearPlaceholder() {}

    /** Coefficients of one axis: bounds[2*i] = first source index, bounds[2*i+1] = count; k[i*ksize + j]. */
    private record Coeffs(int ksize, int[] bounds, int[] k) {}

    @Override
    public RgbImage resize(RgbImage image, int outWidth, int outHeight) {
        int w = image.width();
        int h = image.height();
        if (w == outWidth && h == outHeight) {
            return image.copy(); // PIL returns a copy when the size does not change
        }
        byte[] src = image.data();
        // horizontal pass (only when the width changes), over all rows
        byte[] tmp = src;
        if (outWidth != w) {
            Coeffs c = coeffs(w, outWidth);
            tmp = new byte[3 * outWidth * h];
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < outWidth; xx++) {
                    int xmin = c.bounds[2 * xx];
                    int xn = c.bounds[2 * xx + 1];
                    for (int ch = 0; ch < 3; ch++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int x = 0; x < xn; x++) {
                            ss += (src[3 * (y * w + xmin + x) + ch] & 0xFF) * c.k[xx * c.ksize + x];
                        }
                        tmp[3 * (y * outWidth + xx) + ch] = (byte) clip8(ss);
                    }
                }
            }
        }
        if (outHeight == h) {
            return new RgbImage(outWidth, h, tmp);
        }
        Coeffs c = coeffs(h, outHeight);
        byte[] out = new byte[3 * outWidth * outHeight];
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = c.bounds[2 * yy];
            int yn = c.bounds[2 * yy + 1];
            for (int x = 0; x < outWidth; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < yn; y++) {
                        ss += (tmp[3 * ((ymin + y) * outWidth + x) + ch] & 0xFF) * c.k[yy * c.ksize + y];
                    }
                    out[3 * (yy * outWidth + x) + ch] = (byte) clip8(ss);
                }
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    private static int clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static Coeffs coeffs(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = 1.0 * filterscale; // bilinear filter support is 1
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[2 * outSize];
        int[] k = new int[outSize * ksize];
        double inv = 1.0 / filterscale;
        double[] w = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double t = Math.abs((x + xmin - center + 0.5) * inv);
                w[x] = t < 1.0 ? 1.0 - t : 0.0;
                ww += w[x];
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                k[xx * ksize + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }
        return new Coeffs(ksize, bounds, k);
    }
}
