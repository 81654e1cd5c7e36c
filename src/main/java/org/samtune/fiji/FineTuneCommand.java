package org.samtune.fiji;

import org.samtune.engine.DjlRuntime;
import org.samtune.engine.FineTuneJob;
import org.samtune.train.Cancellation;
import org.samtune.train.FineTuning;
import org.scijava.Cancelable;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Fiji's "Fine-tune" command: every choice of {@link FineTuneJob.Request} as a parameter; the engine
 * does the work. Progress goes to the status bar, the log and (with a display) a live loss/Dice plot.
 * SciJava runs commands on a worker thread, so the UI stays responsive; cancelling the module (or
 * interrupting its thread) stops the run before its next step, keeping the last epoch's files.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Fine-tune")
public class FineTuneCommand implements Command, Cancelable {
    static final String TITLE = "SAM Tune Fine-tune";

    @Parameter
    private LogService log;

    @Parameter
    private StatusService status;

    @Parameter(required = false)
    private UIService ui;

    @Parameter(label = "Training data", style = "both",
            description = "finetune-SAM list file (image,mask rows), a folder with images/ + masks/, or a folder of NIfTI volumes")
    private File train;

    @Parameter(label = "Validation data (optional)", style = "both", required = false, persist = false)
    private File validation;

    @Parameter(label = "Validation fraction (without validation data)", min = "0", max = "0.9", stepSize = "0.05",
            persist = false, description = "hold out this fraction of the training data for validation (0 = none)")
    private double validationFraction;

    @Parameter(label = "Image root (optional)", style = "directory", required = false, persist = false,
            description = "list files: folder the image paths are relative to")
    private File imageRoot;

    @Parameter(label = "Mask root (optional)", style = "directory", required = false, persist = false,
            description = "list files: folder the mask paths are relative to")
    private File maskRoot;

    @Parameter(label = "Base checkpoint", style = "open", required = false, persist = false,
            description = "SAM / MedSAM / finetune-SAM weights to start from; empty with 'From scratch'")
    private File checkpoint;

    @Parameter(label = "From scratch (random weights)", persist = false)
    private boolean fromScratch;

    @Parameter(label = "Architecture", choices = {"auto", "vit_b", "vit_l", "vit_h"}, persist = false)
    private String architecture = "auto";

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false,
            description = "architecture JSON (wins over Architecture)")
    private File config;

    @Parameter(label = "Method", choices = {"vanilla", "adapter", "lora"}, persist = false)
    private String method = "lora";

    @Parameter(label = "Components", choices = {"decoder", "encoder+decoder"}, persist = false)
    private String components = "encoder+decoder";

    @Parameter(label = "Encoder blocks", persist = false, description = "blocks with LoRA/adapters: list like 0,1,10,11 or 'all'")
    private String encoderBlocks = "0,1,10,11";

    @Parameter(label = "LoRA rank", min = "1", persist = false)
    private int rank = 4;

    @Parameter(label = "Prompt", choices = {"none", "box", "point", "hybrid"}, persist = false)
    private String prompt = "none";

    @Parameter(label = "Classes (including background)", min = "2", persist = false)
    private int classes = 2;

    @Parameter(label = "Targets", persist = false, description = "combine_all, multi_all or label ids like 1,2")
    private String targets = "combine_all";

    @Parameter(label = "Epochs", min = "1", persist = false)
    private int epochs = 200;

    @Parameter(label = "Batch size", min = "1", persist = false)
    private int batchSize = 4;

    @Parameter(label = "Learning rate", persist = false)
    private double lr = 1e-3;

    @Parameter(label = "Warm-up iterations (0 = constant rate)", min = "0", persist = false)
    private int warmup = 200;

    @Parameter(label = "Validate every N epochs", min = "1", persist = false)
    private int valEvery = 2;

    @Parameter(label = "Early-stop patience (epochs)", min = "1", persist = false)
    private int patience = 20;

    @Parameter(label = "Seed", persist = false)
    private long seed;

    @Parameter(label = "Intensity", persist = false, description = org.samtune.io.IntensityMapping.SPECS
            + "; recorded with the model")
    private String intensity = "auto";

    @Parameter(label = "Resume the run in the output folder", persist = false)
    private boolean resume;

    @Parameter(label = "Output folder", style = "directory")
    private File output;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "CPU threads (0 = all cores)", min = "0", persist = false)
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    private final Cancellation cancellation = new Cancellation();
    private volatile String cancelReason;
    private FineTuning.Result result;

    @Override
    public void run() {
        try {
            FineTuneJob.Request r = request();
            TrainingProgress progress = new TrainingProgress(status, log, cancellation, Displays.available());
            result = FineTuneJob.run(r, progress, cancellation);
            summary = summary(result);
            log.info(summary);
            status.showStatus(summary);
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            summary = "error: " + CommandErrors.message(e);
            CommandErrors.report(TITLE, e, ui, log);
            status.clearStatus();
        }
    }

    /** The parameters as the engine's request (checks are the engine's). */
    FineTuneJob.Request request() {
        FineTuneJob.Request r = new FineTuneJob.Request();
        r.train = path(train);
        r.val = path(validation);
        r.valFraction = validationFraction;
        r.imageRoot = path(imageRoot);
        r.maskRoot = path(maskRoot);
        r.checkpoint = fromScratch ? null : path(checkpoint);
        r.fromScratch = fromScratch;
        r.arch = ModelSpec.isAuto(architecture) ? null : architecture.trim().toLowerCase(Locale.ROOT);
        r.config = path(config);
        r.method = method;
        r.components = components;
        r.training.encoderBlocks = encoderBlocks;
        r.training.rank = rank;
        r.training.prompt = prompt;
        r.training.numClasses = classes;
        r.training.targets = targets;
        r.training.epochs = epochs;
        r.training.batchSize = batchSize;
        r.training.lr = lr;
        r.training.warmup = warmup;
        r.training.valEvery = valEvery;
        r.training.patience = patience;
        r.training.seed = seed;
        r.intensity = intensity;
        r.resume = resume;
        r.out = path(output);
        if (r.train == null && !r.resume) {
            throw new IllegalArgumentException("choose the training data");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("choose an output folder");
        }
        r.device = ModelSpec.isAuto(device) ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device);
        r.threads = threads;
        return r;
    }

    /** One line: what the run did and where its files are (the same words as the command line's). */
    public static String summary(FineTuning.Result res) {
        return String.format(Locale.ROOT, "finetune: %d epochs, %d iterations, best val Dice %.4f at epoch %d%s%s; outputs in %s",
                res.epochsCompleted(), res.iterations(), res.bestDice(), res.bestEpoch() + 1,
                res.earlyStopped() ? " (early stop)" : "", res.cancelled() ? " (cancelled)" : "", res.outDir());
    }

    private static Path path(File f) {
        return f == null || f.getPath().isBlank() ? null : f.toPath();
    }

    /** How the last run ended (null before a run or after an error). */
    public FineTuning.Result result() {
        return result;
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
