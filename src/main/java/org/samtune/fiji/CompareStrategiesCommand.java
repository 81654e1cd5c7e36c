package org.samtune.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.Strategy;
import org.samtune.engine.StudyJob;
import org.samtune.train.Cancellation;
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

/**
 * Fiji's "Compare strategies" command: the engine's {@link StudyJob} (the command line's {@code samtune study}).
 * Every chosen strategy is fine-tuned with the same data, seed and budget, all are evaluated with the zero-shot
 * base model on the test data; study.csv becomes a results table and, with a display, study.png is shown. Progress
 * goes to the status bar and the log; cancelling stops the strategy in training and skips the rest (the study's
 * table still lists every strategy with its status).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Compare strategies")
public class CompareStrategiesCommand implements Command, Cancelable {
    static final String TITLE = "SAM Tune Compare Strategies";

    @Parameter
    private LogService log;

    @Parameter
    private StatusService status;

    @Parameter(required = false)
    private UIService ui;

    @Parameter(label = "Training data", style = "both",
            description = "finetune-SAM list file (image,mask rows), a folder with images/ + masks/, or a folder of NIfTI volumes")
    private File train;

    @Parameter(label = "Validation data (optional)", style = "both", required = false, persist = false,
            description = "early stopping and best checkpoint; without it the last epoch is evaluated")
    private File validation;

    @Parameter(label = "Test data", style = "both")
    private File test;

    @Parameter(label = "Image root (optional)", style = "directory", required = false, persist = false)
    private File imageRoot;

    @Parameter(label = "Mask root (optional)", style = "directory", required = false, persist = false)
    private File maskRoot;

    @Parameter(label = "Strategies", persist = false,
            description = "ARCH:METHOD:COMPONENTS separated by commas (ARCH base = the checkpoint's; METHOD vanilla, "
                    + "adapter, lora; COMPONENTS decoder, encoder+decoder), or 'all'")
    private String strategies = "base:vanilla:decoder,base:lora:decoder,base:adapter:decoder";

    @Parameter(label = "Base checkpoint", style = "open", required = false, persist = false,
            description = "weights every strategy starts from; also evaluated zero-shot. Empty with 'From scratch'")
    private File checkpoint;

    @Parameter(label = "From scratch (random weights)", persist = false)
    private boolean fromScratch;

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false,
            description = "architecture JSON: what ARCH 'base' means from scratch")
    private File config;

    @Parameter(label = "Encoder blocks", persist = false, description = "blocks with LoRA/adapters: list like 0,1,10,11 or 'all'")
    private String encoderBlocks = "0,1,10,11";

    @Parameter(label = "LoRA rank", min = "1", persist = false)
    private int rank = 4;

    @Parameter(label = "Prompt (training and test)", choices = {"none", "box", "point"}, persist = false)
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
    private ResultsTable table;
    private ImagePlus chart;

    @Override
    public void run() {
        try {
            StudyJob.Request r = request();
            TrainingProgress progress = new TrainingProgress(status, log, cancellation, false);
            StudyJob.Result res = StudyJob.run(r, progress, cancellation);
            table = StudyResults.table(res.table());
            chart = StudyResults.chart(res.chart());
            summary = res.summaryText();
            log.info(summary);
            status.showStatus("SAM Tune: study done, results in " + r.out);
            if (Displays.available()) {
                table.show(StudyResults.TABLE_TITLE);
                if (chart != null) {
                    chart.show();
                }
            }
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            summary = "error: " + CommandErrors.message(e);
            CommandErrors.report(TITLE, e, ui, log);
            status.clearStatus();
        }
    }

    /** The parameters as the engine's request (checks are the engine's). */
    StudyJob.Request request() {
        StudyJob.Request r = new StudyJob.Request();
        r.train = path(train);
        r.val = path(validation);
        r.test = path(test);
        r.imageRoot = path(imageRoot);
        r.maskRoot = path(maskRoot);
        r.strategies = Strategy.parseList(strategies);
        r.checkpoint = fromScratch ? null : path(checkpoint);
        r.fromScratch = fromScratch;
        r.config = path(config);
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
        r.out = path(output);
        r.device = ModelSpec.isAuto(device) ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device);
        r.threads = threads;
        return r;
    }

    private static Path path(File f) {
        return f == null || f.getPath().isBlank() ? null : f.toPath();
    }

    /** study.csv as a results table (null before a successful run). */
    public ResultsTable table() {
        return table;
    }

    /** study.png (null before a successful run, or where it could not be drawn). */
    public ImagePlus chart() {
        return chart;
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
