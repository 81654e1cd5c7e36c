package org.samtune.predict;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Bit-exact re-implementation of Pillow's {@code Image.resize(size, Image.BILINEAR)} for 8-bit RGB,
 * which is what SAM's {@code ResizeLongestSide.apply_image} and finetune-SAM's
 * {@code transforms.Resize} run on a uint8 image.
 *
 * <p>Pillow's "bilinear" is a separable convolution with the triangle filter, not a 4-tap lookup:
 * <ul>
 *   <li>scale = in/out; when shrinking the triangle is widened by the scale (support = max(scale, 1)),
 *       i.e. it antialiases; when enlarging it is the classic 2-tap interpolation;</li>
 *   <li>per output pixel the taps cover source pixels [round(c - support), round(c + support)) around the
 *       centre c = (i + 0.5) * scale, clipped to the image, and the weights are normalised to sum 1;</li>
 *   <li>weights become fixed point with 22 fractional bits, {@code (int)(0.5 + w * 2^22)}; the accumulator
 *       starts at 2^21 (rounding) and the result is {@code clamp(acc >> 22, 0, 255)};</li>
 *   <li>the horizontal pass runs first into a uint8 intermediate (this rounding matters: it is why a
 *       float antialiased resize differs by 1 on ~13% of values), then the vertical pass; a pass is
 *       skipped when its dimension does not change, and equal sizes give a plain copy.</li>
 * </ul>
 * The coefficients are computed in double precision exactly as Pillow does, so every weight, and hence
 * every output byte, is the same. Only the full-image box is supported (SAM never passes a box).
 */
public final class PilResize {
    /** Fixed-point fraction bits of Pillow's 8-bit resampler (32 - 8 - 2: room for 8 bits and overflow). */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** Images with more output work than this are resized with several threads. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    private PilResize() {}

    /** Pillow's BILINEAR resize of {@code src} to {@code newW x newH}. */
    public static RgbImage bilinear(RgbImage src, int newW, int newH) {
        if (newW <= 0 || newH <= 0) {
            throw new IllegalArgumentException("Target size must be positive: " + newW + "x" + newH);
        }
        int w = src.width();
        int h = src.height();
        if (newW == w && newH == h) {
            return src.copy();
        }
        boolean needHorizontal = newW != w;
        boolean needVertical = newH != h;
        Coefficients vert = Coefficients.of(h, newH);
        // Only the source rows the vertical pass will read are resampled horizontally.
        int firstRow = vert.start[0];
        int lastRow = vert.start[newH - 1] + vert.count[newH - 1];

        byte[] rows = src.data();
        int rowsOffset = 0; // first source row held by 'rows'
        int rowsWidth = w;
        if (needHorizontal) {
            Coefficients horiz = Coefficients.of(w, newW);
            rows = horizontal(src.data(), w, firstRow, lastRow, horiz);
            rowsOffset = firstRow;
            rowsWidth = newW;
        }
        if (!needVertical) {
            return new RgbImage(newW, newH, rows);
        }
        return new RgbImage(newW, newH, vertical(rows, rowsWidth, rowsOffset, vert));
    }

    /** Resamples rows [firstRow, lastRow) of an interleaved RGB image along x. */
    private static byte[] horizontal(byte[] in, int inW, int firstRow, int lastRow, Coefficients k) {
        int outW = k.outSize;
        byte[] out = new byte[(lastRow - firstRow) * outW * 3];
        int[] start = k.start;
        int[] count = k.count;
        int[] weights = k.weights;
        int ksize = k.ksize;
        int half = 1 << (PRECISION_BITS - 1);
        IntStream rowsStream = IntStream.range(firstRow, lastRow);
        if ((long) (lastRow - firstRow) * outW * ksize > PARALLEL_THRESHOLD) {
            rowsStream = rowsStream.parallel();
        }
        int inLen = inW * 3;
        rowsStream.forEach(y -> {
            int inRow = y * inLen;
            int o = (y - firstRow) * outW * 3;
            for (int xx = 0; xx < outW; xx++) {
                int kOff = xx * ksize;
                int p = inRow + start[xx] * 3;
                int n = count[xx];
                int r = half;
                int g = half;
                int b = half;
                for (int t = 0; t < n; t++, p += 3) {
                    int wt = weights[kOff + t];
                    r += (in[p] & 0xFF) * wt;
                    g += (in[p + 1] & 0xFF) * wt;
                    b += (in[p + 2] & 0xFF) * wt;
                }
                out[o++] = clip8(r);
                out[o++] = clip8(g);
                out[o++] = clip8(b);
            }
        });
        return out;
    }

    /**
     * Resamples along y. {@code in} holds rows starting at source row {@code rowOffset}; channels share
     * the weights, so a row is treated as 3*width independent samples. Integer sums are exact, so the
     * tap-outer loop order (cache- and vector-friendly) gives Pillow's result bit for bit.
     */
    private static byte[] vertical(byte[] in, int width, int rowOffset, Coefficients k) {
        int rowLen = width * 3;
        int outH = k.outSize;
        byte[] out = new byte[outH * rowLen];
        int half = 1 << (PRECISION_BITS - 1);
        IntStream rowsStream = IntStream.range(0, outH);
        if ((long) outH * rowLen * k.ksize > PARALLEL_THRESHOLD) {
            rowsStream = rowsStream.parallel();
        }
        rowsStream.forEach(yy -> {
            int[] acc = new int[rowLen];
            Arrays.fill(acc, half);
            int kOff = yy * k.ksize;
            int y0 = k.start[yy] - rowOffset;
            for (int t = 0; t < k.count[yy]; t++) {
                int wt = k.weights[kOff + t];
                int base = (y0 + t) * rowLen;
                for (int i = 0; i < rowLen; i++) {
                    acc[i] += (in[base + i] & 0xFF) * wt;
                }
            }
            int o = yy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                out[o + i] = clip8(acc[i]);
            }
        });
        return out;
    }

    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Pillow's triangle filter (support 1). */
    private static double triangle(double x) {
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /**
     * Per-output-pixel source window and fixed-point weights for one axis (Pillow's precompute_coeffs +
     * normalize_coeffs_8bpc, for the full range [0, inSize)).
     */
    static final class Coefficients {
        final int outSize;
        final int ksize;
        /** First source index of each output pixel's window. */
        final int[] start;
        /** Number of taps of each window. */
        final int[] count;
        /** {@code ksize} weights per output pixel, scaled by 2^22 and rounded half away from zero. */
        final int[] weights;

        private Coefficients(int outSize, int ksize) {
            this.outSize = outSize;
            this.ksize = ksize;
            this.start = new int[outSize];
            this.count = new int[outSize];
            this.weights = new int[outSize * ksize];
        }

        static Coefficients of(int inSize, int outSize) {
            // Pillow passes the box edges as float and subtracts them in float: exact for integer sizes.
            double scale = (double) (float) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 1.0 * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            Coefficients c = new Coefficients(outSize, ksize);
            double[] w = new double[ksize];
            double invFilterScale = 1.0 / filterScale;
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                // (int) truncates toward zero like C's cast; both ends are "rounded" by the + 0.5.
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), inSize);
                int n = hi - lo;
                double sum = 0.0;
                for (int t = 0; t < n; t++) {
                    w[t] = triangle((t + lo - center + 0.5) * invFilterScale);
                    sum += w[t];
                }
                for (int t = 0; t < n; t++) {
                    double v = sum != 0.0 ? w[t] / sum : w[t];
                    c.weights[i * ksize + t] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                            : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                c.start[i] = lo;
                c.count[i] = n;
            }
            return c;
        }
    }
}
