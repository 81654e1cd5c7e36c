package org.samtune.train;

import java.util.SplittableRandom;
import org.samtune.predict.PilResize;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPreprocessor;

/**
 * finetune-SAM's per-sample processing ({@code Public_dataset.__getitem__}) in its order:
 * <ol>
 *   <li>image RGB, mask L (done by the {@link SliceSource});</li>
 *   <li>image stretched to size x size with PIL bilinear ({@link PilResize#bilinear}), mask with PIL nearest;</li>
 *   <li>train: RandomEqualize(0.1) and ColorJitter on the 8-bit image;</li>
 *   <li>ToTensor (/255) and normalisation ('sam': ImageNet mean/std; 'medsam': min-max);</li>
 *   <li>train and spatial: RandomResizedCrop + RandomRotation on image and mask together (nearest);</li>
 *   <li>target selection ({@link TargetSpec});</li>
 *   <li>prompt modes: prompts from the augmented mask, which is then replaced by the prompted regions;</li>
 *   <li>the loss target resized to outSize ({@link LowResTarget}, done in finetune-SAM's training loop).</li>
 * </ol>
 */
public final class SamplePipeline {

    public enum Normalization {
        /** Normalize(mean=[0.485,0.456,0.406], std=[0.229,0.224,0.225]) after /255: what every script uses. */
        SAM,
        /**
         * (x - min) / (max - min) over the whole 3xHxW tensor. finetune-SAM gives NaN for a constant image;
         * here a constant image becomes all zeros.
         */
        MEDSAM
    }

    /**
     * @param imageSize model input size (args.image_size, 1024)
     * @param outSize loss target size (args.out_size, 256)
     * @param targets label -> class mapping
     * @param augment training augmentation, or null (validation: resize + normalise only)
     * @param prompts prompt sampling, or null (no-prompt training)
     * @param lowResMode how the target is brought to outSize
     * @param normalization 'sam' or 'medsam'
     */
    public record Config(int imageSize, int outSize, TargetSpec targets, AugmentConfig augment, PromptConfig prompts,
                         LowResTarget.Mode lowResMode, Normalization normalization) {

        /** finetune-SAM training (SingleGPU_train_finetune_noprompt.py). */
        public static Config train(TargetSpec targets) {
            return new Config(1024, 256, targets, AugmentConfig.finetuneSam(), null,
                    LowResTarget.Mode.TORCHVISION_BILINEAR, Normalization.SAM);
        }

        /** finetune-SAM validation (phase 'val'). */
        public static Config val(TargetSpec targets) {
            return new Config(1024, 256, targets, null, null, LowResTarget.Mode.TORCHVISION_BILINEAR,
                    Normalization.SAM);
        }

        public Config withImageSize(int imageSize, int outSize) {
            return new Config(imageSize, outSize, targets, augment, prompts, lowResMode, normalization);
        }

        public Config withPrompts(PromptConfig p) {
            return new Config(imageSize, outSize, targets, augment, p, lowResMode, normalization);
        }

        public Config withAugment(AugmentConfig a) {
            return new Config(imageSize, outSize, targets, a, prompts, lowResMode, normalization);
        }

        public Config withLowResMode(LowResTarget.Mode m) {
            return new Config(imageSize, outSize, targets, augment, prompts, m, normalization);
        }

        public Config withNormalization(Normalization n) {
            return new Config(imageSize, outSize, targets, augment, prompts, lowResMode, n);
        }
    }

    private final Config cfg;
    private final Augmenter augmenter;
    private final PromptSampler prompter;

    public SamplePipeline(Config cfg) {
        this.cfg = cfg;
        this.augmenter = cfg.augment() == null ? null : new Augmenter(cfg.augment());
        this.prompter = cfg.prompts() == null ? null : new PromptSampler(cfg.prompts());
    }

    public Config config() {
        return cfg;
    }

    /** Processes one pair; {@code rng} drives augmentation and prompts (unused in validation without prompts). */
    public TrainingSample process(String name, RgbImage image, LabelImage mask, SplittableRandom rng) {
        int s = cfg.imageSize();
        // a new image even when the size already matches, so the in-place augmentation never touches the caller's
        RgbImage img = PilResize.bilinear(image, s, s);
        int[] msk = PilNearest.resize(mask.labels(), mask.width(), mask.height(), s, s);
        if (augmenter != null) {
            augmenter.photometric(img, rng);
        }
        float[] chw = toTensor(img, cfg.normalization());
        if (augmenter != null && cfg.augment().spatial()) {
            augmenter.spatial(chw, msk, s, rng);
        }
        cfg.targets().applyInPlace(msk);
        Prompts prompts = null;
        if (prompter != null) {
            PromptSampler.Result r = prompter.sample(msk, s, s, rng);
            prompts = r.prompts();
            msk = r.mask();
        }
        int[] low = LowResTarget.resize(msk, s, cfg.outSize(), cfg.lowResMode());
        return new TrainingSample(name, s, chw, msk, cfg.outSize(), low, prompts);
    }

    /** ToTensor (HWC uint8 -> CHW float /255) then normalisation, in float32 as torchvision. */
    public static float[] toTensor(RgbImage img, Normalization norm) {
        float[] chw = SamPreprocessor.toTensor(img);
        if (norm == Normalization.SAM) {
            SamPreprocessor.normalizeImageNet(chw);
        } else {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : chw) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = max - min;
            for (int i = 0; i < chw.length; i++) {
                chw[i] = range == 0f ? 0f : (chw[i] - min) / range;
            }
        }
        return chw;
    }
}
