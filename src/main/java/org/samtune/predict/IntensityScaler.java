package org.samtune.predict;

import java.util.Arrays;

/**
 * Converts a single-channel image of any bit depth to the 8-bit RGB the model expects, the way the
 * user chose. SAM was trained on 8-bit photographs; microscopy/medical images (16-bit, float) must be
 * mapped to 0..255 first, and which intensity window to map is a user decision.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@link Mode#AS_IS}: the value itself, rounded half up and clamped to 0..255 (the default for
 *       8-bit input, where it is the identity);</li>
 *   <li>{@link Mode#MIN_MAX}: lo = min, hi = max over the finite pixels (the default for 16-bit and
 *       float input);</li>
 *   <li>{@link Mode#WINDOW}: a fixed lo, hi given by the user (e.g. a CT window, or a display range);</li>
 *   <li>{@link Mode#PERCENTILE}: lo, hi = the pLo-th and pHi-th percentiles of the finite pixels (e.g.
 *       0.5 and 99.5), robust to hot pixels. Percentiles follow numpy's default ("linear"): for sorted
 *       values a[0..n-1], position q/100*(n-1), linearly interpolated between its neighbours.</li>
 * </ul>
 * For the windowed modes a pixel v maps to {@code clamp(floor((v - lo) / (hi - lo) * 255 + 0.5), 0, 255)}
 * computed in double (round half up). NaN pixels are ignored for the statistics and map to 0. If
 * {@code hi <= lo} (e.g. a constant image) every pixel maps to 0; nothing is divided by zero.
 * Infinite pixels are ignored for the statistics and map like any value outside the window.
 * Gray results are replicated to R, G and B.
 *
 * <p>Inputs are plain row-major planes (width x height), independent of ImageJ: {@code byte[]} and
 * {@code short[]} are read as unsigned (ImageJ's 8-bit and 16-bit types).
 */
public final class IntensityScaler {

    public enum Mode {
        AS_IS, MIN_MAX, WINDOW, PERCENTILE
    }

    private final Mode mode;
    private final double a;
    private final double b;

    private IntensityScaler(Mode mode, double a, double b) {
        this.mode = mode;
        this.a = a;
        this.b = b;
    }

    /** Values used directly (rounded, clamped to 0..255). */
    public static IntensityScaler asIs() {
        return new IntensityScaler(Mode.AS_IS, 0, 0);
    }

    /** Min..max of the finite pixels to 0..255. */
    public static IntensityScaler minMax() {
        return new IntensityScaler(Mode.MIN_MAX, 0, 0);
    }

    /** Fixed window lo..hi to 0..255 (values outside are clamped). */
    public static IntensityScaler window(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("Window bounds must be finite: " + lo + ", " + hi);
        }
        return new IntensityScaler(Mode.WINDOW, lo, hi);
    }

    /** Percentile window, percentages in 0..100 with pLo <= pHi (e.g. 0.5, 99.5). */
    public static IntensityScaler percentile(double pLo, double pHi) {
        if (!(pLo >= 0 && pHi <= 100 && pLo <= pHi)) {
            throw new IllegalArgumentException("Percentiles must satisfy 0 <= lo <= hi <= 100: " + pLo + ", " + pHi);
        }
        return new IntensityScaler(Mode.PERCENTILE, pLo, pHi);
    }

    /** The default for a bit depth: 8 -> as is; 16, 32 -> min-max. */
    public static IntensityScaler defaultFor(int bitDepth) {
        return bitDepth == 8 ? asIs() : minMax();
    }

    public Mode mode() {
        return mode;
    }

    // ---- public conversions -------------------------------------------------------------------

    /** Unsigned 8-bit gray plane. */
    public RgbImage toRgb(byte[] gray, int width, int height) {
        checkLength(gray.length, width, height);
        if (mode == Mode.AS_IS) {
            byte[] out = new byte[gray.length * 3];
            for (int i = 0; i < gray.length; i++) {
                out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = gray[i];
            }
            return new RgbImage(width, height, out);
        }
        float[] f = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            f[i] = gray[i] & 0xFF;
        }
        return toRgb(f, width, height);
    }

    /** Unsigned 16-bit gray plane. */
    public RgbImage toRgb(short[] gray, int width, int height) {
        checkLength(gray.length, width, height);
        float[] f = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            f[i] = gray[i] & 0xFFFF; // exact in float
        }
        return toRgb(f, width, height);
    }

    /** 32-bit float gray plane (NaN allowed). */
    public RgbImage toRgb(float[] gray, int width, int height) {
        checkLength(gray.length, width, height);
        double[] w = range(gray);
        double lo = w[0];
        double hi = w[1];
        byte[] out = new byte[gray.length * 3];
        for (int i = 0; i < gray.length; i++) {
            byte v = (byte) (mode == Mode.AS_IS ? clampRound(gray[i]) : map(gray[i], lo, hi));
            out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = v;
        }
        return new RgbImage(width, height, out);
    }

    /**
     * The window {lo, hi} this scaler maps to 0..255 for {@code gray} ({0, 255} for AS_IS). NaN when the
     * image has no finite pixel (every pixel then maps to 0).
     */
    public double[] range(float[] gray) {
        switch (mode) {
            case AS_IS:
                return new double[] {0, 255};
            case WINDOW:
                return new double[] {a, b};
            case MIN_MAX: {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (float v : gray) {
                    if (Float.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                return min > max ? new double[] {Double.NaN, Double.NaN} : new double[] {min, max};
            }
            case PERCENTILE: {
                float[] finite = new float[gray.length];
                int n = 0;
                for (float v : gray) {
                    if (Float.isFinite(v)) {
                        finite[n++] = v;
                    }
                }
                if (n == 0) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                Arrays.sort(finite, 0, n);
                return new double[] {percentileOfSorted(finite, n, a), percentileOfSorted(finite, n, b)};
            }
            default:
                throw new AssertionError(mode);
        }
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    /** numpy.percentile(a[:n], q) with the default linear method, a sorted ascending. */
    static double percentileOfSorted(float[] sorted, int n, double q) {
        double pos = q / 100.0 * (n - 1);
        int i = (int) Math.floor(pos);
        if (i >= n - 1) {
            return sorted[n - 1];
        }
        double frac = pos - i;
        double lo = sorted[i];
        double hi = sorted[i + 1];
        return lo + (hi - lo) * frac;
    }

    /** v in [lo, hi] to 0..255, round half up; NaN (pixel or window) and empty windows give 0. */
    static int map(float v, double lo, double hi) {
        if (Float.isNaN(v) || !(hi > lo)) {
            return 0;
        }
        double t = (v - lo) / (hi - lo) * 255.0;
        return clampRound(t);
    }

    private static int clampRound(double t) {
        if (Double.isNaN(t)) {
            return 0;
        }
        double r = Math.floor(t + 0.5);
        return r <= 0 ? 0 : r >= 255 ? 255 : (int) r;
    }

    private static void checkLength(int length, int width, int height) {
        if (width <= 0 || height <= 0 || length != (long) width * height) {
            throw new IllegalArgumentException(
                    "Plane has " + length + " pixels, expected " + width + "x" + height);
        }
    }
}
