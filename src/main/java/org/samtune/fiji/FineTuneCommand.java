package org.samtune.fiji;

import org.samtune.engine.FineTuneJob;
import org.samtune.train.FineTuning;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.Locale;

/**
 * Fiji's "Fine-tune" command: every choice of {@link FineTuneJob.Request} as a parameter; the engine
 * does the work. Progress goes to the status bar, the log and (with a display) a live loss/Dice plot.
 * SciJava runs commands on a worker thread, so the UI stays responsive; cancelling the module (or
 * interrupting its thread) stops the run before its next step, keeping the last epoch's files.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Fine-tune")
public class FineTuneCommand extends TrainingCommand {
    static final String TITLE = "SAM Tune Fine-tune";

    @Parameter(label = "Validation fraction (without validation data)", min = "0", max = "0.9", stepSize = "0.05",
            persist = false, description = "hold out this fraction of the training data for validation (0 = none)")
    private double validationFraction;

    @Parameter(label = "Architecture", choices = {"auto", "vit_b", "vit_l", "vit_h", "vit_t"}, persist = false)
    private String architecture = "auto";

    @Parameter(label = "Method", choices = {"vanilla", "adapter", "lora"}, persist = false)
    private String method = "lora";

    @Parameter(label = "Components", choices = {"decoder", "encoder+decoder"}, persist = false)
    private String components = "encoder+decoder";

    @Parameter(label = "Prompt", choices = {"none", "box", "point", "hybrid"}, persist = false)
    private String prompt = "none";

    @Parameter(label = "Intensity", persist = false, description = org.samtune.io.IntensityMapping.SPECS
            + "; recorded with the model")
    private String intensity = "auto";

    @Parameter(label = "Resume the run in the output folder", persist = false)
    private boolean resume;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    private FineTuning.Result result;

    @Override
    public void run() {
        try {
            FineTuneJob.Request r = request();
            TrainingProgress progress = new TrainingProgress(status, log, cancellation, Displays.available());
            result = FineTuneJob.run(r, progress, cancellation);
            summary = summary(result);
            log.info(summary);
            showStatus(summary);
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            summary = failed(TITLE, e);
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
        r.checkpoint = baseCheckpoint();
        r.fromScratch = fromScratch;
        r.arch = ModelSpec.isAuto(architecture) ? null : architecture.trim().toLowerCase(Locale.ROOT);
        r.config = path(config);
        r.method = method;
        r.components = components;
        r.training = trainingOptions(prompt);
        r.intensity = intensity;
        r.resume = resume;
        r.out = path(output);
        if (r.train == null && !r.resume) {
            throw new IllegalArgumentException("choose the training data");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("choose an output folder");
        }
        r.device = deviceChoice();
        r.threads = threads;
        return r;
    }

    /** One line: what the run did and where its files are (the same words as the command line's). */
    public static String summary(FineTuning.Result res) {
        return String.format(Locale.ROOT, "finetune: %d epochs, %d iterations, best val Dice %.4f at epoch %d%s%s; outputs in %s",
                res.epochsCompleted(), res.iterations(), res.bestDice(), res.bestEpoch() + 1,
                res.earlyStopped() ? " (early stop)" : "", res.cancelled() ? " (cancelled)" : "", res.outDir());
    }

    /** How the last run ended (null before a run or after an error). */
    public FineTuning.Result result() {
        return result;
    }
}
