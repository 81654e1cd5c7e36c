package org.samtune.fiji.ij1;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import org.samtune.engine.FineTuneJob;
import org.samtune.fiji.FineTuneCommand;
import org.samtune.train.Cancellation;
import org.samtune.train.EpochRecord;
import org.samtune.train.FineTuning;
import org.samtune.train.TrainingListener;

import java.io.IOException;
import java.util.Locale;

/**
 * "SAM Tune Fine-tune" for ImageJ 1.x macros (options: see {@link FineTuneOptions}), e.g.
 * {@code run("SAM Tune Fine-tune", "train=[list.csv] checkpoint=[sam_vit_b.pth] method=lora components=decoder out=[run1]")}.
 * It parses its options itself, so it runs without a display; Esc cancels after the current step.
 * In a headless JVM macros use {@code call("org.samtune.fiji.ij1.FineTunePlugin.finetune", "...")}.
 * The dialog version is Fiji's SciJava command Plugins > Segmentation > SAM Tune > Fine-tune.
 */
public class FineTunePlugin implements PlugIn {
    static final String COMMAND = "SAM Tune Fine-tune";

    @Override
    public void run(String arg) {
        String options = Macro.getOptions();
        if (options == null) {
            fail("give macro options, e.g. run(\"" + COMMAND + "\", \"train=[list.csv] checkpoint=[sam_vit_b.pth] "
                    + "method=lora components=decoder out=[folder]\"); in Fiji the dialog is Plugins > Segmentation > "
                    + "SAM Tune > Fine-tune");
            return;
        }
        try {
            Cancellation cancel = new Cancellation();
            FineTuning.Result r = FineTuneJob.run(FineTuneOptions.parse(options), new ImageJProgress(cancel, true), cancel);
            IJ.log(FineTuneCommand.summary(r));
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            fail(message(e));
        }
    }

    /**
     * For {@code call("org.samtune.fiji.ij1.FineTunePlugin.finetune", options)}: runs the fine-tuning and
     * returns its summary line, or a line starting with "error:".
     */
    public static String finetune(String options) {
        try {
            Cancellation cancel = new Cancellation();
            return FineTuneCommand.summary(FineTuneJob.run(FineTuneOptions.parse(options), new ImageJProgress(cancel, false),
                    cancel));
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            return "error: " + message(e);
        }
    }

    static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    private static void fail(String message) {
        IJ.log(COMMAND + ": " + message);
        if (SegmentPlugin.canShowDialog() && !IJ.isMacro()) {
            IJ.error(COMMAND, message);
        } else if (IJ.isMacro()) {
            Interpreter.abort(); // a macro must not go on without the model it asked for
        }
    }

    /** Progress in ImageJ's status bar and log; Esc (with an ImageJ window) cancels. */
    static final class ImageJProgress implements TrainingListener {
        private final Cancellation cancellation;
        private final boolean watchEscape;

        ImageJProgress(Cancellation cancellation, boolean watchEscape) {
            this.cancellation = cancellation;
            this.watchEscape = watchEscape;
        }

        @Override
        public void onIteration(int epoch, long iteration, long total, double loss, double lr, double eta) {
            if (watchEscape && IJ.escapePressed()) {
                IJ.resetEscape();
                cancellation.cancel();
                IJ.log("SAM Tune: cancelled (Esc); the last finished epoch's files are kept, resume with 'resume'");
            }
            IJ.showStatus(String.format(Locale.ROOT, "SAM Tune: epoch %d, step %d/%d, loss %.4f", epoch + 1,
                    iteration + 1, total, loss));
            if (total > 0) {
                IJ.showProgress((double) (iteration + 1) / total);
            }
        }

        @Override
        public void onEpoch(EpochRecord r, double bestDice, int bestEpoch, double eta) {
            IJ.log(r.validated()
                    ? String.format(Locale.ROOT, "SAM Tune: epoch %d: loss %.4f, validation Dice %.4f (best %.4f at epoch %d)",
                            r.epoch() + 1, r.loss(), r.valDice(), bestDice, bestEpoch + 1)
                    : String.format(Locale.ROOT, "SAM Tune: epoch %d: loss %.4f", r.epoch() + 1, r.loss()));
        }

        @Override
        public void onMessage(String message) {
            IJ.log("SAM Tune: " + message);
        }
    }
}
