package org.samtune.train;

/**
 * OpenCV {@code cv2.distanceTransform(src, DIST_L2, maskSize=5)}: the two-pass 5x5 chamfer distance with the
 * weights 1, 1.4 and 2.1969 in 16-bit fixed point (OpenCV's non-IPP code path; an IPP build uses the same
 * weights in float and can differ in the last bits). Pixels outside the image count as far away, not as
 * background, which is why finetune-SAM pads the region by one pixel first.
 */
public final class ChamferDistance {

    private static final int SHIFT = 16;
    private static final long HV = Math.round(1.0f * (1 << SHIFT));
    private static final long DIAG = Math.round(1.4f * (1 << SHIFT));
    private static final long LONG = Math.round(2.1969f * (1 << SHIFT));
    private static final long MAX = 0xFFFFFFFFL - LONG;
    private static final float SCALE = 1.0f / (1 << SHIFT);

    private ChamferDistance() {}

    /** Distance of every non-zero pixel of a binary plane to the nearest zero pixel (0 on zero pixels). */
    public static float[] transform(boolean[] fg, int width, int height) {
        final int b = 2;
        int step = width + 2 * b;
        long[] t = new long[(height + 2 * b) * step];
        java.util.Arrays.fill(t, MAX); // border rows/columns stay at DIST_MAX
        // forward pass
        for (int y = 0; y < height; y++) {
            int row = (y + b) * step + b;
            for (int x = 0; x < width; x++) {
                int j = row + x;
                if (!fg[y * width + x]) {
                    t[j] = 0;
                    continue;
                }
                long t0 = t[j - 2 * step - 1] + LONG;
                t0 = Math.min(t0, t[j - 2 * step + 1] + LONG);
                t0 = Math.min(t0, t[j - step - 2] + LONG);
                t0 = Math.min(t0, t[j - step - 1] + DIAG);
                t0 = Math.min(t0, t[j - step] + HV);
                t0 = Math.min(t0, t[j - step + 1] + DIAG);
                t0 = Math.min(t0, t[j - step + 2] + LONG);
                t0 = Math.min(t0, t[j - 1] + HV);
                t[j] = Math.min(t0, MAX);
            }
        }
        float[] d = new float[width * height];
        // backward pass
        for (int y = height - 1; y >= 0; y--) {
            int row = (y + b) * step + b;
            for (int x = width - 1; x >= 0; x--) {
                int j = row + x;
                long t0 = t[j];
                if (t0 > HV) {
                    t0 = Math.min(t0, t[j + 2 * step + 1] + LONG);
                    t0 = Math.min(t0, t[j + 2 * step - 1] + LONG);
                    t0 = Math.min(t0, t[j + step + 2] + LONG);
                    t0 = Math.min(t0, t[j + step + 1] + DIAG);
                    t0 = Math.min(t0, t[j + step] + HV);
                    t0 = Math.min(t0, t[j + step - 1] + DIAG);
                    t0 = Math.min(t0, t[j + step - 2] + LONG);
                    t0 = Math.min(t0, t[j + 1] + HV);
                    t[j] = t0;
                }
                d[y * width + x] = (float) t0 * SCALE;
            }
        }
        return d;
    }
}
