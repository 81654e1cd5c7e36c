package org.samtune.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The training and validation datasets of a {@link TrainingConfig}: finetune-SAM's list files under
 * img_folder / mask_folder, checked by {@link DatasetValidator} (empty targets dropped, as finetune-SAM's
 * delete_empty_masks does), processed by a {@link SamplePipeline} with the run's sizes, targets,
 * normalisation, augmentation (training only) and prompts (training and validation).
 */
public final class TrainingData {
    private TrainingData() {}

    /** The per-sample processing of the training (augmented) or validation set. */
    public static SamplePipeline.Config pipeline(TrainingConfig cfg, boolean training) {
        AugmentConfig aug = null;
        if (training && cfg.augment) {
            aug = cfg.ifSpatial ? AugmentConfig.finetuneSam() : AugmentConfig.finetuneSam().withoutSpatial();
        }
        PromptConfig prompts = switch (cfg.promptMode()) {
            case NONE -> null;
            case BOX -> PromptConfig.boxes();
            case POINT -> PromptConfig.points();
            case HYBRID -> PromptConfig.hybrid();
        };
        SamplePipeline.Normalization norm = SamplePipeline.Normalization.valueOf(cfg.normalizeType.toUpperCase(Locale.ROOT));
        return new SamplePipeline.Config(cfg.imageSize, cfg.outSize, cfg.targetSpec(), aug, prompts, cfg.lowResMode(), norm);
    }

    /** A dataset over {@code source} (validated by the caller) with the run's processing. */
    public static TrainingDataset dataset(TrainingConfig cfg, SliceSource source, boolean training) {
        return new TrainingDataset(source, new SamplePipeline(pipeline(cfg, training)), cfg.seed);
    }

    /** The list file {@code list} under img_folder / mask_folder, validated; bad pairs are reported to {@code warn} and skipped. */
    public static TrainingDataset fromList(TrainingConfig cfg, String list, boolean training, Consumer<String> warn)
            throws IOException {
        Path img = Path.of(cfg.imgFolder == null ? "." : cfg.imgFolder);
        Path msk = Path.of(cfg.maskFolder == null ? img.toString() : cfg.maskFolder);
        SliceSource src = ListFile.source(Path.of(list), img, msk);
        SliceSource ok = DatasetValidator.usable(src, cfg.targetSpec(), cfg.numCls,
                DatasetValidator.Policy.SKIP_WITH_WARNING, warn);
        return dataset(cfg, ok, training);
    }
}
