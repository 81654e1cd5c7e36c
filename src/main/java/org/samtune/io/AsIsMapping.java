package org.samtune.io;

/** {@code asis}: each value rounded half up and clamped to 0..255 (the identity on 8-bit data); NaN -> 0. */
final class AsIsMapping implements IntensityMapping {
    static final AsIsMapping INSTANCE = new AsIsMapping();

    private AsIsMapping() {}

    @Override
    public String spec() {
        return "asis";
    }

    @Override
    public byte[] toUint8(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                continue;
            }
            double r = Math.floor(v + 0.5);
            out[i] = (byte) (r <= 0 ? 0 : r >= 255 ? 255 : (int) r);
        }
        return out;
    }

    @Override
    public String toString() {
        return spec();
    }
}
