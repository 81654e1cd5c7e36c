package org.samtune.io;

/**
 * finetune-SAM's 3-D notebook mapping (the default), bit for bit. The notebook
 * <ol>
 *   <li>rescales the whole volume to 0..1 in float32: {@code v = (x - vmin) / (vmax - vmin)}, where the divisor is
 *       computed in double and rounded to float32 (torch clamps to the 0th/100th percentile = min/max first, then
 *       divides by the new maximum, 1.0, which changes nothing);</li>
 *   <li>per slice, in float32: {@code u = (v - smin) / ((smax - smin) + 1e-8f) * 255f}, with smin/smax the slice's
 *       minimum and maximum of v;</li>
 *   <li>converts to uint8 with numpy's cast, which <b>truncates</b> toward zero (254.99 becomes 254; only the
 *       slice maximum reaches 255, and not always).</li>
 * </ol>
 * Both steps are repeated here in float32 so that every truncation falls on the same side as in the notebook;
 * step 1 only matters through float rounding. Differences from the notebook, by design: NaN voxels are left out of
 * vmin/vmax/smin/smax and become 0 (the notebook would turn the whole slice into NaN); -inf becomes 0 and +inf 255,
 * also left out of the statistics.
 * A constant slice, or one with no finite value, is all 0 (as in the notebook for the constant case).
 *
 * <p>Without {@link #forVolume}, step 1 is the identity (vmin 0, divisor 1), i.e. plain per-slice min-max.
 */
final class SliceMinMaxMapping implements IntensityMapping {
    private static final float EPS = 1e-8f;
    private final float volumeMin;
    private final float volumeRange;

    SliceMinMaxMapping() {
        this(0f, 1f);
    }

    private SliceMinMaxMapping(float volumeMin, float volumeRange) {
        this.volumeMin = volumeMin;
        this.volumeRange = volumeRange;
    }

    @Override
    public IntensityMapping forVolume(float[] volume) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : volume) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            // constant (or all non-finite) volume: the notebook's 0/0 would give NaN; every slice is constant anyway
            return new SliceMinMaxMapping(Float.isFinite(lo) ? lo : 0f, 1f);
        }
        return new SliceMinMaxMapping(lo, (float) ((double) hi - (double) lo));
    }

    @Override
    public byte[] toUint8(float[] slice) {
        int n = slice.length;
        float[] v = new float[n];
        float smin = Float.POSITIVE_INFINITY;
        float smax = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float x = slice[i];
            if (Float.isFinite(x)) {
                float y = (x - volumeMin) / volumeRange;
                v[i] = y;
                smin = Math.min(smin, y);
                smax = Math.max(smax, y);
            }
        }
        byte[] out = new byte[n];
        float denom = (smax - smin) + EPS;
        for (int i = 0; i < n; i++) {
            float x = slice[i];
            if (x == Float.POSITIVE_INFINITY) {
                out[i] = (byte) 255;
            } else if (Float.isFinite(x)) {
                float u = (v[i] - smin) / denom * 255f;
                out[i] = (byte) Math.min(255, Math.max(0, (int) u)); // (int) truncates toward zero, as numpy's cast
            } // NaN and -inf stay 0
        }
        return out;
    }

    @Override
    public String spec() {
        return "slice-minmax";
    }

    @Override
    public String toString() {
        return "slice-minmax (finetune-SAM)";
    }
}
