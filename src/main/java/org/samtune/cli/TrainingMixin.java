package org.samtune.cli;

import org.samtune.engine.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The training options {@code finetune} and {@code study} share. Each option writes straight into the engine's
 * {@link TrainingOptions} (picocli calls the annotated setters with the given or default value).
 */
final class TrainingMixin {
    final TrainingOptions options = new TrainingOptions();

    @Option(names = "--encoder-blocks", defaultValue = "0,1,10,11",
            description = "encoder blocks with LoRA/adapters: list or 'all' (default ${DEFAULT-VALUE})")
    void encoderBlocks(String v) {
        options.encoderBlocks = v;
    }

    @Option(names = "--rank", defaultValue = "4", description = "LoRA rank (default ${DEFAULT-VALUE})")
    void rank(int v) {
        options.rank = v;
    }

    @Option(names = "--prompt", defaultValue = "none", description = "training prompts: none (automatic), box, point or "
            + "hybrid (study: none, box or point, also its test prompts; default ${DEFAULT-VALUE})")
    void prompt(String v) {
        options.prompt = v;
    }

    @Option(names = "--num-classes", defaultValue = "2",
            description = "output classes including background (default ${DEFAULT-VALUE})")
    void numClasses(int v) {
        options.numClasses = v;
    }

    @Option(names = "--targets", defaultValue = "combine_all",
            description = "combine_all, multi_all or label ids (default ${DEFAULT-VALUE})")
    void targets(String v) {
        options.targets = v;
    }

    @Option(names = "--epochs", defaultValue = "200")
    void epochs(int v) {
        options.epochs = v;
    }

    @Option(names = "--batch-size", defaultValue = "4")
    void batchSize(int v) {
        options.batchSize = v;
    }

    @Option(names = "--lr", defaultValue = "1e-3")
    void lr(double v) {
        options.lr = v;
    }

    @Option(names = "--warmup", defaultValue = "200", description = "warm-up iterations (0: constant learning rate)")
    void warmup(int v) {
        options.warmup = v;
    }

    @Option(names = "--val-every", defaultValue = "2", description = "validate every N epochs")
    void valEvery(int v) {
        options.valEvery = v;
    }

    @Option(names = "--patience", defaultValue = "20", description = "early stop after this many epochs without improvement")
    void patience(int v) {
        options.patience = v;
    }

    @Option(names = "--seed", defaultValue = "0",
            description = "seed of training (study: also of the test prompts and bootstrap; default ${DEFAULT-VALUE})")
    void seed(long v) {
        options.seed = v;
    }
}
