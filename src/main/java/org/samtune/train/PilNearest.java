package org.samtune.train;

/**
 * PIL {@code Image.resize(size, NEAREST)} (what finetune-SAM uses for masks and for putting predictions back
 * to the original size). Pillow does this as an affine scale (libImaging/Geometry.c ImagingScaleAffine):
 * the source coordinate starts at {@code scale/2} and is advanced by {@code scale} per output pixel in double
 * precision, then truncated, so source index = floor((dst + 0.5) * in / out) up to that accumulated rounding,
 * which is reproduced here. Same size returns a copy.
 */
public final class PilNearest {

    private PilNearest() {}

    /** Resizes a row-major int plane of width x height to outWidth x outHeight. */
    public static int[] resize(int[] src, int width, int height, int outWidth, int outHeight) {
        if (src.length != width * height) {
            throw new IllegalArgumentException("plane length " + src.length + " != " + width + "x" + height);
        }
        int[] xs = sourceIndices(width, outWidth);
        int[] ys = sourceIndices(height, outHeight);
        int[] out = new int[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int row = ys[y] * width;
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = src[row + xs[x]];
            }
        }
        return out;
    }

    public static LabelImage resize(LabelImage mask, int outWidth, int outHeight) {
        return new LabelImage(outWidth, outHeight,
                resize(mask.labels(), mask.width(), mask.height(), outWidth, outHeight));
    }

    /** Source index of every output index along one axis. */
    public static int[] sourceIndices(int inSize, int outSize) {
        int[] idx = new int[outSize];
        if (inSize == outSize) {
            for (int i = 0; i < outSize; i++) {
                idx[i] = i;
            }
            return idx;
        }
        // Pillow: box is float, a = (double)(box1 - box0) / size, xo = a/2, then xo += a per pixel
        double a = (double) (float) inSize / outSize;
        double xo = a * 0.5;
        for (int i = 0; i < outSize; i++) {
            int v = xo < 0.0 ? -1 : (int) xo;
            // Pillow leaves out-of-range positions unwritten; with these sizes they cannot occur, clamp for safety
            idx[i] = Math.min(Math.max(v, 0), inSize - 1);
            xo += a;
        }
        return idx;
    }
}
