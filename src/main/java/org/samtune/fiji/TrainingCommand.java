package org.samtune.fiji;

import org.samtune.engine.TrainingOptions;
import org.samtune.train.Cancellation;
import org.scijava.Cancelable;
import org.scijava.plugin.Parameter;

import java.io.File;

/**
 * The parameters the training commands share (Fine-tune, Compare strategies): data, the base model, the
 * fine-tuning budget and schedule, the output folder, and cancelling (SciJava's {@link Cancelable}: the run stops
 * before its next step, keeping the last epoch's files). Each command adds its own choices and builds its engine
 * request from these fields.
 */
public abstract class TrainingCommand extends EngineCommand implements Cancelable {
    @Parameter(label = "Training data", style = "both",
            description = "finetune-SAM list file (image,mask rows), a folder with images/ + masks/, or a folder of NIfTI volumes")
    protected File train;

    @Parameter(label = "Validation data (optional)", style = "both", required = false, persist = false,
            description = "early stopping and the best checkpoint")
    protected File validation;

    @Parameter(label = "Image root (optional)", style = "directory", required = false, persist = false,
            description = "list files: folder the image paths are relative to")
    protected File imageRoot;

    @Parameter(label = "Mask root (optional)", style = "directory", required = false, persist = false,
            description = "list files: folder the mask paths are relative to")
    protected File maskRoot;

    @Parameter(label = "Base checkpoint", style = "open", required = false, persist = false,
            description = "SAM / MedSAM / finetune-SAM weights to start from; empty with 'From scratch'")
    protected File checkpoint;

    @Parameter(label = "From scratch (random weights)", persist = false)
    protected boolean fromScratch;

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false,
            description = "architecture JSON (wins over a preset; from scratch it is the architecture)")
    protected File config;

    @Parameter(label = "Encoder blocks", persist = false, description = "blocks with LoRA/adapters: list like 0,1,10,11 or 'all'")
    protected String encoderBlocks = "0,1,10,11";

    @Parameter(label = "LoRA rank", min = "1", persist = false)
    protected int rank = 4;

    @Parameter(label = "Classes (including background)", min = "2", persist = false)
    protected int classes = 2;

    @Parameter(label = "Targets", persist = false, description = "combine_all, multi_all or label ids like 1,2")
    protected String targets = "combine_all";

    @Parameter(label = "Epochs", min = "1", persist = false)
    protected int epochs = 200;

    @Parameter(label = "Batch size", min = "1", persist = false)
    protected int batchSize = 4;

    @Parameter(label = "Learning rate", persist = false)
    protected double lr = 1e-3;

    @Parameter(label = "Warm-up iterations (0 = constant rate)", min = "0", persist = false)
    protected int warmup = 200;

    @Parameter(label = "Validate every N epochs", min = "1", persist = false)
    protected int valEvery = 2;

    @Parameter(label = "Early-stop patience (epochs)", min = "1", persist = false)
    protected int patience = 20;

    @Parameter(label = "Seed", persist = false)
    protected long seed;

    @Parameter(label = "Output folder", style = "directory")
    protected File output;

    protected final Cancellation cancellation = new Cancellation();
    private volatile String cancelReason;

    /** The shared fine-tuning budget and schedule as the engine takes it; {@code prompt} is each command's own choice. */
    protected TrainingOptions trainingOptions(String prompt) {
        TrainingOptions t = new TrainingOptions();
        t.encoderBlocks = encoderBlocks;
        t.rank = rank;
        t.prompt = prompt;
        t.numClasses = classes;
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

    /** The base checkpoint, or null from scratch. */
    protected java.nio.file.Path baseCheckpoint() {
        return fromScratch ? null : path(checkpoint);
    }

    @Override
    public boolean isCanceled() {
        return cancelReason != null;
    }

    @Override
    public void cancel(String reason) {
        cancelReason = reason == null ? "cancelled" : reason;
        cancellation.cancel();
    }

    @Override
    public String getCancelReason() {
        return cancelReason;
    }
}
