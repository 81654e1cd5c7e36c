package org.samtune.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
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

    @Override
    public void run(String arg) {
        String options = Macro.getOptions();
        if (options == null) {
            fail("give macro options, e.g. run(\"" + COMMAND + "\", \"checkpoint=[checkpoint_best.pth] data=[val.csv] "
                    + "prompt=box out=[folder]\"); in Fiji the dialog is Plugins > Segmentation > SAM Tune > Evaluate");
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
            fail(FineTunePlugin.message(e));
        }
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

    private static void fail(String message) {
        IJ.log(COMMAND + ": " + message);
        if (SegmentPlugin.canShowDialog() && !IJ.isMacro()) {
            IJ.error(COMMAND, message);
        } else if (IJ.isMacro()) {
            Interpreter.abort();
        }
    }
}
