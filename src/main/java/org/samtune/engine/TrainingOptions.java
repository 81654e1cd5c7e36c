package org.samtune.engine;

/**
 * The training settings of a fine-tuning run, in the command line's and dialogs' terms: what
 * {@link FineTuneJob.Request} and {@link StudyJob.Request} share (a study trains every strategy with the same ones).
 * Defaults are finetune-SAM's.
 */
public final class TrainingOptions {
    /** Encoder blocks with LoRA/adapters: "0,1,10,11" or "all". */
    public String encoderBlocks = "0,1,10,11";
    /** LoRA rank. */
    public int rank = 4;
    /** none (automatic), box, point or hybrid (a study: none, box or point, also its test prompts). */
    public String prompt = "none";
    /** Output classes including background. */
    public int numClasses = 2;
    /** combine_all, multi_all or label ids. */
    public String targets = "combine_all";
    public int epochs = 200;
    public int batchSize = 4;
    public double lr = 1e-3;
    /** Warm-up iterations; 0 = constant learning rate. */
    public int warmup = 200;
    /** Validate every N epochs. */
    public int valEvery = 2;
    /** Early stop after this many epochs without a better validation Dice. */
    public int patience = 20;
    /** Seeds training (data order, augmentation, initialisation); a study's evaluation prompts and bootstrap too. */
    public long seed = 0;

    /** An independent copy (requests derived from one another must not share their settings). */
    public TrainingOptions copy() {
        TrainingOptions t = new TrainingOptions();
        t.encoderBlocks = encoderBlocks;
        t.rank = rank;
        t.prompt = prompt;
        t.numClasses = numClasses;
        t.targets = targets;
        t.epochs = epochs;
        t.batchSize = batchSize;
        t.lr = lr;
        t.warmup = warmup;
        t.valEvery = valEvery;
        t.patience = patience;
        t.seed = seed;
        return t;
    }

    /** Every setting as {@code name=value}, in declaration order (logs, and comparing two sets of options). */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "encoderBlocks=%s rank=%d prompt=%s numClasses=%d targets=%s "
                + "epochs=%d batchSize=%d lr=%s warmup=%d valEvery=%d patience=%d seed=%d", encoderBlocks, rank, prompt,
                numClasses, targets, epochs, batchSize, lr, warmup, valEvery, patience, seed);
    }
}
