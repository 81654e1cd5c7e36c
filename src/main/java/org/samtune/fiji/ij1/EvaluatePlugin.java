package org.samtune.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import ij.plugin.PlugIn;
import org.samtune.engine.EvaluationJob;
import org.samtune.fiji.EvaluationTables;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * "SAM Tune Evaluate" for ImageJ 1.x macros (options: see {@link EvaluateOptions}), e.g.
 * {@code run("SAM Tune Evaluate", "checkpoint=[run1/checkpoint_best.pth] data=[val.csv] prompt=box out=[eval]")}.
 * Writes the command line's files (metrics.csv, summary.csv, predictions/, overlays/, dice_boxplot.png,
 * problems.csv); with a display it also shows the metrics and summary tables and the Dice box plot.
 * Headless: {@code call("org.samtune.fiji.ij1.EvaluatePlugin.evaluate", "...")}.
 */
public class EvaluatePlugin implements PlugIn {
    static final String COMMAND = "SAM Tune Evaluate";
    private static final String PREFS = "samtune.evaluate.";

    @Override
    public void run(String arg) {
        String options = PluginUi.optionsOrDialog(COMMAND, EvaluatePlugin::dialog,
                "checkpoint=[checkpoint_best.pth] data=[val.csv] prompt=box out=[folder]", "Evaluate");
        if (options == null) {
            return;
        }
        try {
            EvaluationJob.Result r = EvaluationJob.run(EvaluateOptions.parse(options).toRequest(), m -> IJ.log("SAM Tune: " + m));
            for (String line : r.summaryText().split("\n")) {
                IJ.log(line);
            }
            if (SegmentPlugin.canShowDialog()) {
                EvaluationTables.metrics(r.metrics).show(EvaluationTables.METRICS_TITLE);
                EvaluationTables.summary(r.summary).show(EvaluationTables.SUMMARY_TITLE);
                BufferedImage plot = ImageIO.read(r.out.resolve("dice_boxplot.png").toFile());
                if (plot != null) {
                    new ImagePlus("Dice box plot", plot).show();
                }
            }
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            PluginUi.fail(COMMAND, FineTunePlugin.message(e));
        }
    }

    /** The dialog of a menu run; its answers become macro options (recorded), or null when cancelled. */
    static String dialog() {
        GenericDialog gd = new GenericDialog(COMMAND);
        gd.addStringField("Checkpoints ([NAME=]file;...)", Prefs.get(PREFS + "checkpoint", ""), 50);
        gd.addFileField("Data (list .csv or folder)", Prefs.get(PREFS + "data", ""), 40);
        gd.addFileField("Architecture file (optional)", Prefs.get(PREFS + "config", ""), 40);
        gd.addChoice("Preprocessing", new String[] {"auto", "sam", "finetune-sam"}, Prefs.get(PREFS + "preprocess", "auto"));
        gd.addChoice("Prompt", new String[] {"none", "box", "point", "propagate"}, Prefs.get(PREFS + "prompt", "box"));
        gd.addNumericField("Classes (0 = from the model)", Prefs.get(PREFS + "classes", 0), 0);
        gd.addDirectoryField("Output folder", Prefs.get(PREFS + "out", ""), 40);
        gd.addChoice("Device", new String[] {"auto", "cpu", "gpu"}, Prefs.get(PREFS + "device", "auto"));
        gd.addMessage("Writes metrics.csv, summary.csv, predictions/, overlays/ and dice_boxplot.png,\n"
                + "and shows the tables and the box plot.");
        boolean recording = Recorder.record;
        PluginUi.showUnrecorded(gd);
        if (gd.wasCanceled()) {
            return null;
        }
        DialogOptions o = new DialogOptions();
        String checkpoints = gd.getNextString();
        String data = gd.getNextString();
        String config = gd.getNextString();
        String preprocess = gd.getNextChoice();
        String prompt = gd.getNextChoice();
        int classes = (int) gd.getNextNumber();
        String out = gd.getNextString();
        String device = gd.getNextChoice();
        Prefs.set(PREFS + "checkpoint", checkpoints);
        Prefs.set(PREFS + "data", data);
        Prefs.set(PREFS + "config", config);
        Prefs.set(PREFS + "preprocess", preprocess);
        Prefs.set(PREFS + "prompt", prompt);
        Prefs.set(PREFS + "classes", classes);
        Prefs.set(PREFS + "out", out);
        Prefs.set(PREFS + "device", device);
        o.put("checkpoint", checkpoints).path("data", data).path("config", config).put("preprocess", preprocess)
                .put("prompt", prompt).put("classes", Integer.toString(classes)).path("out", out).put("device", device);
        if (recording) {
            o.record();
        }
        return o.options();
    }

    /**
     * For {@code call("org.samtune.fiji.ij1.EvaluatePlugin.evaluate", options)}: evaluates, writes the files
     * and returns the summary (one line per model and class, then the output folder), or "error: ...".
     */
    public static String evaluate(String options) {
        try {
            return EvaluationJob.run(EvaluateOptions.parse(options).toRequest(), m -> {}).summaryText();
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            return "error: " + FineTunePlugin.message(e);
        }
    }

}
