package org.samtune.train;

/**
 * finetune-SAM's training augmentation parameters (utils/dataset.py, phase 'train'), in its order:
 * RandomEqualize(p) -> ColorJitter(brightness, contrast, saturation, hue) on the 8-bit RGB image, then (after
 * ToTensor+Normalize, image and mask together) RandomResizedCrop(size, scale, ratio, NEAREST) ->
 * RandomRotation(degrees, NEAREST, fill 0). No flips.
 *
 * @param equalizeP probability of histogram equalisation (0.1)
 * @param brightness jitter: factor ~ U[max(0,1-b), 1+b] (0.3)
 * @param contrast jitter: factor ~ U[max(0,1-c), 1+c] (0.3)
 * @param saturation jitter: factor ~ U[max(0,1-s), 1+s] (0.3; a no-op on gray images)
 * @param hue jitter: shift ~ U[-h, h], h <= 0.5 (0.3; a no-op on gray images)
 * @param spatial whether the crop + rotation stage runs ({@code if_spatial}, default True)
 * @param cropScaleMin area fraction lower bound (0.5)
 * @param cropScaleMax area fraction upper bound (1.5; crops above the full image are rejected and retried)
 * @param ratioMin aspect ratio lower bound (3/4), sampled log-uniformly
 * @param ratioMax aspect ratio upper bound (4/3)
 * @param rotationDegrees angle ~ U[-d, d] (45), counter-clockwise positive
 */
public record AugmentConfig(double equalizeP, float brightness, float contrast, float saturation, float hue,
                            boolean spatial, double cropScaleMin, double cropScaleMax, double ratioMin,
                            double ratioMax, double rotationDegrees) {

    public AugmentConfig {
        if (hue < 0 || hue > 0.5f) {
            throw new IllegalArgumentException("hue jitter must be in [0, 0.5]: " + hue);
        }
        if (brightness < 0 || contrast < 0 || saturation < 0 || equalizeP < 0 || equalizeP > 1) {
            throw new IllegalArgumentException("negative jitter or probability outside [0,1]");
        }
        if (cropScaleMin <= 0 || cropScaleMax < cropScaleMin || ratioMin <= 0 || ratioMax < ratioMin) {
            throw new IllegalArgumentException("bad crop scale/ratio range");
        }
    }

    /** Exactly finetune-SAM's training augmentation. */
    public static AugmentConfig finetuneSam() {
        return new AugmentConfig(0.1, 0.3f, 0.3f, 0.3f, 0.3f, true, 0.5, 1.5, 3.0 / 4.0, 4.0 / 3.0, 45.0);
    }

    /** finetune-SAM with {@code if_spatial=False}: photometric only. */
    public AugmentConfig withoutSpatial() {
        return new AugmentConfig(equalizeP, brightness, contrast, saturation, hue, false, cropScaleMin,
                cropScaleMax, ratioMin, ratioMax, rotationDegrees);
    }
}
