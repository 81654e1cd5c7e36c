package org.samtune.train;

import java.util.SplittableRandom;
import org.samtune.predict.RgbImage;

/**
 * finetune-SAM's training augmentation (see {@link AugmentConfig}) with a seeded {@link SplittableRandom}.
 * The transforms, their parameter distributions, their order and the way random numbers are drawn follow
 * torchvision (RandomEqualize, ColorJitter with a random order of the four ops, RandomResizedCrop.get_params
 * with its 10 tries and central fallback, RandomRotation); the random numbers themselves are Java's, so a seed
 * reproduces a Java sample, not a Python one.
 */
public final class Augmenter {

    /** A crop window: top row i, left column j, height h, width w. */
    public record Crop(int top, int left, int height, int width) {}

    private final AugmentConfig cfg;

    public Augmenter(AugmentConfig cfg) {
        this.cfg = cfg;
    }

    public AugmentConfig config() {
        return cfg;
    }

    // ---------------------------------------------------------------- photometric (8-bit RGB, before ToTensor)

    /** RandomEqualize then ColorJitter, in place on the resized 8-bit image. */
    public void photometric(RgbImage image, SplittableRandom rng) {
        byte[] rgb = image.data();
        if (uniform(rng, 0f, 1f) < cfg.equalizeP()) {
            PilOps.equalize(rgb);
        }
        // ColorJitter.get_params: a random order of the 4 ops, then the 4 factors
        int[] order = Seeds.permutation(rng, 4); // torch.randperm(4)
        float b = uniform(rng, Math.max(0f, 1f - cfg.brightness()), 1f + cfg.brightness());
        float c = uniform(rng, Math.max(0f, 1f - cfg.contrast()), 1f + cfg.contrast());
        float s = uniform(rng, Math.max(0f, 1f - cfg.saturation()), 1f + cfg.saturation());
        float h = uniform(rng, -cfg.hue(), cfg.hue());
        for (int op : order) {
            switch (op) {
                case 0 -> { if (cfg.brightness() > 0) PilOps.brightness(rgb, b); }
                case 1 -> { if (cfg.contrast() > 0) PilOps.contrast(rgb, c); }
                case 2 -> { if (cfg.saturation() > 0) PilOps.saturation(rgb, s); }
                default -> { if (cfg.hue() > 0) PilOps.hue(rgb, h); }
            }
        }
    }

    // ---------------------------------------------------------------- spatial (normalised float image + mask)

    /**
     * RandomResizedCrop(size, NEAREST) then RandomRotation(NEAREST, fill 0) applied with the same parameters to
     * the normalised CHW image (3 x size x size) and the label plane (size x size), in place.
     */
    public void spatial(float[] chw, int[] mask, int size, SplittableRandom rng) {
        Crop crop = sampleCrop(rng, size, size);
        resizedCrop(chw, mask, size, crop);
        double angle = uniform(rng, (float) -cfg.rotationDegrees(), (float) cfg.rotationDegrees());
        rotate(chw, mask, size, angle);
    }

    /** torchvision RandomResizedCrop.get_params. */
    public Crop sampleCrop(SplittableRandom rng, int height, int width) {
        double area = (double) height * width;
        float logLo = (float) Math.log(cfg.ratioMin());
        float logHi = (float) Math.log(cfg.ratioMax());
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * uniform(rng, (float) cfg.cropScaleMin(), (float) cfg.cropScaleMax());
            double aspect = (float) Math.exp(uniform(rng, logLo, logHi));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int i = rng.nextInt(height - h + 1);
                int j = rng.nextInt(width - w + 1);
                return new Crop(i, j, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < cfg.ratioMin()) {
            w = width;
            h = (int) Math.rint(w / cfg.ratioMin());
        } else if (inRatio > cfg.ratioMax()) {
            h = height;
            w = (int) Math.rint(h * cfg.ratioMax());
        } else {
            w = width;
            h = height;
        }
        return new Crop((height - h) / 2, (width - w) / 2, h, w);
    }

    /** Crops and resizes back to size x size with torch's 'nearest' (src = floor(dst * in/out) in float32). */
    public static void resizedCrop(float[] chw, int[] mask, int size, Crop crop) {
        int[] ys = torchNearest(crop.height(), size);
        int[] xs = torchNearest(crop.width(), size);
        int plane = size * size;
        float[] img = chw.clone();
        int[] msk = mask.clone();
        for (int y = 0; y < size; y++) {
            int sy = crop.top() + ys[y];
            for (int x = 0; x < size; x++) {
                int s = sy * size + crop.left() + xs[x];
                int d = y * size + x;
                mask[d] = msk[s];
                chw[d] = img[s];
                chw[plane + d] = img[plane + s];
                chw[2 * plane + d] = img[2 * plane + s];
            }
        }
    }

    /** torch upsample_nearest2d source indices (mode 'nearest', not 'nearest-exact'). */
    static int[] torchNearest(int in, int out) {
        int[] idx = new int[out];
        float scale = (float) in / out;
        for (int d = 0; d < out; d++) {
            if (out == in) {
                idx[d] = d;
            } else if (out == 2 * in) {
                idx[d] = d >> 1;
            } else {
                idx[d] = Math.min((int) Math.floor(d * scale), in - 1);
            }
        }
        return idx;
    }

    /**
     * torchvision F.rotate on a tensor: counter-clockwise by {@code angleDegrees} about the image centre,
     * expand=False, nearest (grid_sample, align_corners=False, round half to even), fill 0 outside. In the
     * normalised image 0 is the ImageNet mean colour, in the mask background. Arithmetic in float32 as torch.
     */
    public static void rotate(float[] chw, int[] mask, int size, double angleDegrees) {
        if (angleDegrees == 0.0) {
            return;
        }
        // _get_inverse_affine_matrix(center=0, angle=-a, translate=0, scale=1, shear=0)
        double rot = Math.toRadians(-angleDegrees);
        float m0 = (float) Math.cos(rot);
        float m1 = (float) Math.sin(rot);
        float m3 = (float) -Math.sin(rot);
        float m4 = (float) Math.cos(rot);
        float halfW = 0.5f * size;
        float halfH = 0.5f * size;
        float t00 = m0 / halfW; // rescaled_theta = theta^T / [w/2, h/2]
        float t10 = m1 / halfW;
        float t01 = m3 / halfH;
        float t11 = m4 / halfH;
        int plane = size * size;
        float[] img = chw.clone();
        int[] msk = mask.clone();
        for (int y = 0; y < size; y++) {
            float by = y - size * 0.5f + 0.5f; // base grid (linspace), pixel centres relative to the centre
            for (int x = 0; x < size; x++) {
                float bx = x - size * 0.5f + 0.5f;
                float gx = bx * t00 + by * t10;  // + 0 translation
                float gy = bx * t01 + by * t11;
                float ix = (gx + 1f) * halfW - 0.5f; // grid_sample unnormalize (align_corners=False)
                float iy = (gy + 1f) * halfH - 0.5f;
                int sx = (int) Math.rint(ix);
                int sy = (int) Math.rint(iy);
                int d = y * size + x;
                if (sx >= 0 && sx < size && sy >= 0 && sy < size) {
                    int s = sy * size + sx;
                    mask[d] = msk[s];
                    chw[d] = img[s];
                    chw[plane + d] = img[plane + s];
                    chw[2 * plane + d] = img[2 * plane + s];
                } else {
                    mask[d] = 0;
                    chw[d] = 0f;
                    chw[plane + d] = 0f;
                    chw[2 * plane + d] = 0f;
                }
            }
        }
    }

    // ---------------------------------------------------------------- random helpers (torch-like semantics)

    /** torch uniform_(lo, hi) on float32: lo + (hi - lo) * u, u in [0, 1). */
    static float uniform(SplittableRandom rng, float lo, float hi) {
        float u = (rng.nextInt() >>> 8) * 0x1.0p-24f;
        return u * (hi - lo) + lo;
    }
}
