package org.samtune.fiji.ij1;

import org.samtune.engine.TrainingOptions;

/**
 * The training keywords "SAM Tune Fine-tune" and "SAM Tune Compare Strategies" share, as the engine's
 * {@link TrainingOptions} (defaults as on the command line): {@code blocks=0,1,10,11 (or encoder_blocks=) rank=4
 * prompt=none classes=2 targets=combine_all epochs=200 batch=4 lr=1e-3 warmup=200 val_every=2 patience=20 seed=0}.
 */
final class TrainingMacroOptions {
    private TrainingMacroOptions() {}

    static TrainingOptions parse(MacroOptions o) {
        TrainingOptions t = new TrainingOptions();
        t.encoderBlocks = o.get("blocks", o.get("encoder_blocks", t.encoderBlocks));
        t.rank = o.getInt("rank", t.rank);
        t.prompt = o.get("prompt", t.prompt);
        t.numClasses = o.getInt("classes", t.numClasses);
        t.targets = o.get("targets", t.targets);
        t.epochs = o.getInt("epochs", t.epochs);
        t.batchSize = o.getInt("batch", t.batchSize);
        t.lr = FineTuneOptions.number(o, "lr", t.lr);
        t.warmup = o.getInt("warmup", t.warmup);
        t.valEvery = o.getInt("val_every", t.valEvery);
        t.patience = o.getInt("patience", t.patience);
        t.seed = (long) FineTuneOptions.number(o, "seed", t.seed);
        return t;
    }
}
