package org.samtune.fiji.ij1;

import ij.IJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
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
    private static final String PREFS = "samtune.finetune.";

    @Override
    public void run(String arg) {
        String options = PluginUi.optionsOrDialog(COMMAND, FineTunePlugin::dialog,
                "train=[list.csv] checkpoint=[sam_vit_b.pth] method=lora components=decoder out=[folder]", "Fine-tune");
        if (options == null) {
            return;
        }
        try {
            Cancellation cancel = new Cancellation();
            FineTuning.Result r = FineTuneJob.run(FineTuneOptions.parse(options), new ImageJProgress(cancel, true), cancel);
            IJ.log(FineTuneCommand.summary(r));
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            PluginUi.fail(COMMAND, message(e));
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

    /** The dialog of a menu run; its answers become macro options (recorded), or null when cancelled. */
    static String dialog() {
        GenericDialog gd = new GenericDialog(COMMAND);
        gd.addFileField("Training data (list .csv or folder)", Prefs.get(PREFS + "train", ""), 40);
        gd.addFileField("Validation data (optional)", Prefs.get(PREFS + "val", ""), 40);
        gd.addFileField("Checkpoint", Prefs.get(PREFS + "checkpoint", ""), 40);
        gd.addCheckbox("From scratch (no checkpoint; needs an architecture file)", false);
        gd.addChoice("Architecture", new String[] {"auto", "vit_b", "vit_h", "vit_t"}, Prefs.get(PREFS + "arch", "auto"));
        gd.addFileField("Architecture file (optional)", Prefs.get(PREFS + "config", ""), 40);
        gd.addChoice("Method", new String[] {"vanilla", "adapter", "lora"}, Prefs.get(PREFS + "method", "lora"));
        gd.addChoice("Components", new String[] {"decoder", "encoder+decoder"}, Prefs.get(PREFS + "components", "encoder+decoder"));
        gd.addChoice("Prompt", new String[] {"none", "box", "point", "hybrid"}, Prefs.get(PREFS + "prompt", "none"));
        gd.addNumericField("Classes (background included)", Prefs.get(PREFS + "classes", 2), 0);
        gd.addNumericField("Epochs", Prefs.get(PREFS + "epochs", 200), 0);
        gd.addNumericField("Batch size", Prefs.get(PREFS + "batch", 4), 0);
        gd.addStringField("Learning rate", Prefs.get(PREFS + "lr", "1e-3"), 10);
        gd.addDirectoryField("Output folder", Prefs.get(PREFS + "out", ""), 40);
        gd.addChoice("Device", new String[] {"auto", "cpu", "gpu"}, Prefs.get(PREFS + "device", "auto"));
        gd.addMessage("Progress goes to the status bar and the Log; Esc stops after the current step\n"
                + "(the last finished epoch's checkpoints are kept).");
        boolean recording = Recorder.record;
        PluginUi.showUnrecorded(gd);
        if (gd.wasCanceled()) {
            return null;
        }
        String[] keys = {"train", "val", "checkpoint"};
        DialogOptions o = new DialogOptions();
        for (String k : keys) {
            String v = gd.getNextString();
            Prefs.set(PREFS + k, v);
            o.path(k, v);
        }
        o.flag("scratch", gd.getNextBoolean());
        String arch = gd.getNextChoice();
        Prefs.set(PREFS + "arch", arch);
        o.put("arch", arch);
        String config = gd.getNextString();
        Prefs.set(PREFS + "config", config);
        o.path("config", config);
        for (String k : new String[] {"method", "components", "prompt"}) {
            String v = gd.getNextChoice();
            Prefs.set(PREFS + k, v);
            o.put(k, v);
        }
        for (String k : new String[] {"classes", "epochs", "batch"}) {
            int v = (int) gd.getNextNumber();
            Prefs.set(PREFS + k, v);
            o.put(k, Integer.toString(v));
        }
        String lr = gd.getNextString();
        Prefs.set(PREFS + "lr", lr);
        o.put("lr", lr);
        String out = gd.getNextString();
        Prefs.set(PREFS + "out", out);
        o.path("out", out);
        String device = gd.getNextChoice();
        Prefs.set(PREFS + "device", device);
        o.put("device", device);
        if (recording) {
            o.record();
        }
        return o.options();
    }

    static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
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
