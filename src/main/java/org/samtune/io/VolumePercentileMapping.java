package org.samtune.io;

import java.util.Arrays;

/**
 * Percentile clipping ({@code 0, 100} = min-max): {@link #forVolume} finds the two percentiles of the volume's
 * non-NaN values with numpy's default ('linear') interpolation and returns the {@link WindowMapping} between them
 * (rounded to nearest). Used without {@code forVolume}, the percentiles of each image or slice are used. Equal
 * percentiles (or a constant image) give an empty window: every value maps to 0.
 */
final class VolumePercentileMapping implements IntensityMapping {
    private final double lowPercent;
    private final double highPercent;

    VolumePercentileMapping(double lowPercent, double highPercent) {
        if (!(lowPercent >= 0 && lowPercent <= highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= low <= high <= 100, got "
                    + lowPercent + ", " + highPercent);
        }
        this.lowPercent = lowPercent;
        this.highPercent = highPercent;
    }

    @Override
    public WindowMapping forVolume(float[] volume) {
        float[] sorted = sortedNonNaN(volume);
        if (sorted.length == 0) {
            return new WindowMapping(0, 0); // all NaN: black
        }
        return new WindowMapping(percentile(sorted, lowPercent), percentile(sorted, highPercent));
    }

    @Override
    public byte[] toUint8(float[] slice) {
        return forVolume(slice).toUint8(slice);
    }

    /** The non-NaN values, sorted (-inf first, +inf last). */
    static float[] sortedNonNaN(float[] values) {
        float[] out = new float[values.length];
        int n = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                out[n++] = v;
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /**
     * numpy.percentile(..., method='linear') of sorted values, in double: rank h = (n - 1) * (q / 100), and
     * between the neighbouring ranks a and b with t = h - floor(h) numpy's two-sided lerp (a + (b - a) * t for
     * t &lt; 0.5, else b - (b - a) * (1 - t)), so results match numpy to the last bit. Infinite end values are replaced
     * by the nearest finite one so that a window stays finite.
     */
    static double percentile(float[] sorted, double q) {
        double h = (sorted.length - 1) * (q / 100.0);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double a = finite(sorted, lo);
        double b = finite(sorted, hi);
        double t = h - lo;
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private static double finite(float[] sorted, int i) {
        float v = sorted[i];
        if (Float.isFinite(v)) {
            return v;
        }
        // walk towards the middle to the nearest finite value (0 when there is none)
        int step = v < 0 ? 1 : -1;
        for (int j = i; j >= 0 && j < sorted.length; j += step) {
            if (Float.isFinite(sorted[j])) {
                return sorted[j];
            }
        }
        return 0;
    }

    @Override
    public String spec() {
        return lowPercent == 0 && highPercent == 100 ? "minmax"
                : "percentile:" + IntensityMapping.number(lowPercent) + "," + IntensityMapping.number(highPercent);
    }

    @Override
    public String toString() {
        return spec();
    }
}
