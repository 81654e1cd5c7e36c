package org.samtune.io;

/**
 * A fixed linear window: {@code low} -> 0, {@code high} -> 255, clipped outside. In double precision,
 * {@code g = floor((clamp(v, low, high) - low) / (high - low) * 255 + 0.5)}, i.e. rounded to nearest with halves
 * up. NaN -> 0. A degenerate window ({@code high <= low}) maps every value to 0.
 */
public final class WindowMapping implements IntensityMapping {
    private final double low;
    private final double high;
    /** The spec it came from when that is not window:LO,HI (a CT preset's name); null otherwise. */
    private final String name;

    public WindowMapping(double low, double high) {
        this(low, high, null);
    }

    WindowMapping(double low, double high, String name) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("window bounds must be finite: " + low + " .. " + high);
        }
        this.low = low;
        this.high = high;
        this.name = name;
    }

    /** [level - width/2, level + width/2]; width must be positive. */
    public static WindowMapping ofWidthLevel(double width, double level) {
        if (!(width > 0)) {
            throw new IllegalArgumentException("window width must be > 0, got " + width);
        }
        return new WindowMapping(level - width / 2, level + width / 2);
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    @Override
    public byte[] toUint8(float[] slice) {
        byte[] out = new byte[slice.length];
        if (!(high > low)) {
            return out;
        }
        double range = high - low;
        for (int i = 0; i < slice.length; i++) {
            float v = slice[i];
            if (Float.isNaN(v)) {
                continue;
            }
            double t = Math.min(Math.max(v, low), high);
            out[i] = (byte) (int) Math.floor((t - low) / range * 255.0 + 0.5);
        }
        return out;
    }

    @Override
    public String spec() {
        return name != null ? name : "window:" + IntensityMapping.number(low) + "," + IntensityMapping.number(high);
    }

    @Override
    public String toString() {
        return spec() + " [" + low + ", " + high + "]";
    }
}
