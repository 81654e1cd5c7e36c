package org.samtune.train;

/**
 * The ground truth at the decoder's output size (256) for loss and metric. finetune-SAM does
 * {@code torchvision.transforms.Resize((out_size,out_size))(mask)} on the int64 1024x1024 mask: torchvision casts
 * it to float32, interpolates bilinearly (align_corners=False) and rounds back (half to even). Whether
 * antialiasing is applied depends on the torchvision version: off up to 0.16 (finetune-SAM's env.yml pins
 * 0.15.2), on from 0.17 (its requirements.txt pins 0.18.0).
 *
 * <p>For an exact 4x shrink without antialiasing each output pixel is the average of the 2x2 centre samples of
 * its 4x4 block, so a binary pixel is foreground when at least 3 of those 4 are. For multi-class labels the
 * bilinear average can produce intermediate, wrong class ids (1|3 -> 2); {@link Mode#NEAREST} avoids that and is
 * the recommended deviation for multi-class data.
 */
public final class LowResTarget {

    public enum Mode {
        /** finetune-SAM with torchvision <= 0.16 (env.yml): bilinear, no antialias, round half to even. */
        TORCHVISION_BILINEAR,
        /** finetune-SAM with torchvision >= 0.17 (requirements.txt): antialiased bilinear, round half to even. */
        TORCHVISION_BILINEAR_ANTIALIAS,
        /** Deviation for label maps: centre-sampled nearest (PIL NEAREST rule), never invents class ids. */
        NEAREST
    }

    private LowResTarget() {}

    /** Resizes a size x size label plane to out x out. */
    public static int[] resize(int[] mask, int size, int out, Mode mode) {
        return resize(mask, size, size, out, out, mode);
    }

    public static int[] resize(int[] mask, int width, int height, int outWidth, int outHeight, Mode mode) {
        if (mask.length != width * height) {
            throw new IllegalArgumentException("mask length " + mask.length + " != " + width + "x" + height);
        }
        if (width == outWidth && height == outHeight) {
            return mask.clone(); // torchvision returns the input unchanged when the size already matches
        }
        return switch (mode) {
            case NEAREST -> PilNearest.resize(mask, width, height, outWidth, outHeight);
            case TORCHVISION_BILINEAR -> bilinear(mask, width, height, outWidth, outHeight);
            case TORCHVISION_BILINEAR_ANTIALIAS -> bilinearAntialias(mask, width, height, outWidth, outHeight);
        };
    }

    /** torch upsample_bilinear2d, align_corners=False, no antialias, in float32; then round half to even. */
    private static int[] bilinear(int[] src, int w, int h, int ow, int oh) {
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        float[] lx0 = new float[ow];
        float[] lx1 = new float[ow];
        linearIndices(w, ow, x0, x1, lx0, lx1);
        int[] y0 = new int[oh];
        int[] y1 = new int[oh];
        float[] ly0 = new float[oh];
        float[] ly1 = new float[oh];
        linearIndices(h, oh, y0, y1, ly0, ly1);
        int[] out = new int[ow * oh];
        for (int y = 0; y < oh; y++) {
            int r0 = y0[y] * w;
            int r1 = y1[y] * w;
            for (int x = 0; x < ow; x++) {
                float top = lx0[x] * (float) src[r0 + x0[x]] + lx1[x] * (float) src[r0 + x1[x]];
                float bottom = lx0[x] * (float) src[r1 + x0[x]] + lx1[x] * (float) src[r1 + x1[x]];
                float v = ly0[y] * top + ly1[y] * bottom;
                out[y * ow + x] = (int) Math.rint(v);
            }
        }
        return out;
    }

    private static void linearIndices(int in, int out, int[] i0, int[] i1, float[] l0, float[] l1) {
        float scale = (float) in / out;
        for (int d = 0; d < out; d++) {
            float real = scale * (d + 0.5f) - 0.5f;
            if (real < 0) {
                real = 0;
            }
            int i = (int) real;
            float lambda = real - i;
            i0[d] = i;
            i1[d] = i + (i < in - 1 ? 1 : 0);
            l1[d] = lambda;
            l0[d] = 1.0f - lambda;
        }
    }

    /**
     * torch _upsample_bilinear2d_aa (the triangle filter widened by the scale, weights normalised per output
     * pixel), separable, width first, in float32; then round half to even.
     */
    private static int[] bilinearAntialias(int[] src, int w, int h, int ow, int oh) {
        float[] tmp = new float[ow * h];
        AaWeights wx = aaWeights(w, ow);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                float acc = 0;
                for (int k = 0; k < wx.size[x]; k++) {
                    acc += wx.w[x][k] * (float) src[y * w + wx.min[x] + k];
                }
                tmp[y * ow + x] = acc;
            }
        }
        AaWeights wy = aaWeights(h, oh);
        int[] out = new int[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                float acc = 0;
                for (int k = 0; k < wy.size[y]; k++) {
                    acc += wy.w[y][k] * tmp[(wy.min[y] + k) * ow + x];
                }
                out[y * ow + x] = (int) Math.rint(acc);
            }
        }
        return out;
    }

    private record AaWeights(int[] min, int[] size, float[][] w) {}

    private static AaWeights aaWeights(int in, int out) {
        float scale = (float) in / out;
        float support = scale >= 1.0f ? scale : 1.0f; // interp_size/2 * scale for bilinear (interp_size 2)
        float invscale = scale >= 1.0f ? 1.0f / scale : 1.0f;
        int[] mins = new int[out];
        int[] sizes = new int[out];
        float[][] ws = new float[out][];
        for (int i = 0; i < out; i++) {
            float center = scale * (i + 0.5f);
            int xmin = Math.max((int) (center - support + 0.5f), 0);
            int xsize = Math.min((int) (center + support + 0.5f), in) - xmin;
            float[] wt = new float[xsize];
            float total = 0;
            for (int j = 0; j < xsize; j++) {
                float t = Math.abs((j + xmin - center + 0.5f) * invscale);
                wt[j] = t < 1.0f ? 1.0f - t : 0.0f;
                total += wt[j];
            }
            if (total != 0) {
                for (int j = 0; j < xsize; j++) {
                    wt[j] /= total;
                }
            }
            mins[i] = xmin;
            sizes[i] = xsize;
            ws[i] = wt;
        }
        return new AaWeights(mins, sizes, ws);
    }
}
