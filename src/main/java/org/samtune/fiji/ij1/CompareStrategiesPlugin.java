package org.samtune.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.samtune.engine.StudyJob;
import org.samtune.fiji.Displays;
import org.samtune.fiji.StudyResults;
import org.samtune.train.Cancellation;

import java.io.IOException;

/**
 * "SAM Tune Compare Strategies" for ImageJ 1.x macros (options: see {@link StudyOptions}), e.g.
 * {@code run("SAM Tune Compare Strategies", "train=[t.csv] val=[v.csv] test=[x.csv] strategies=[vit_b:lora:decoder,vit_b:adapter:decoder] checkpoint=[sam_vit_b.pth] epochs=20 out=[study1]")}.
 * study.csv becomes ImageJ's "Results" table (macros read it with getResult/getResultString and nResults); with a
 * display the table and study.png are shown. Esc cancels after the current step. In a headless JVM macros use
 * {@code call("org.samtune.fiji.ij1.CompareStrategiesPlugin.compare", "...")}, which returns the summary.
 * The dialog version is Fiji's SciJava command Plugins > Segmentation > SAM Tune > Compare strategies.
 */
public class CompareStrategiesPlugin implements PlugIn {
    static final String COMMAND = "SAM Tune Compare Strategies";

    @Override
    public void run(String arg) {
        String options = Macro.getOptions();
        if (options == null) {
            PluginUi.fail(COMMAND, "give macro options, e.g. run(\"" + COMMAND + "\", \"train=[train.csv] val=[val.csv] test=[test.csv] "
                    + "strategies=[base:lora:decoder,base:adapter:decoder] checkpoint=[sam_vit_b.pth] epochs=20 "
                    + "out=[folder]\"); in Fiji the dialog is Plugins > Segmentation > SAM Tune > Compare strategies");
            return;
        }
        try {
            Cancellation cancel = new Cancellation();
            StudyJob.Result res = StudyJob.run(StudyOptions.parse(options), new FineTunePlugin.ImageJProgress(cancel, true),
                    cancel);
            // the system Results table: macros read it with getResult()/nResults, with or without a window
            ResultsTable table = StudyResults.fill(ResultsTable.getResultsTable(), res.table());
            IJ.log(res.summaryText());
            if (Displays.available()) {
                table.show("Results");
                ImagePlus chart = StudyResults.chart(res.chart());
                if (chart != null) {
                    chart.show();
                }
            }
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            PluginUi.fail(COMMAND, FineTunePlugin.message(e));
        }
    }

    /**
     * For {@code call("org.samtune.fiji.ij1.CompareStrategiesPlugin.compare", options)}: runs the study and returns
     * its summary (one line per row of study.csv), or a line starting with "error:".
     */
    public static String compare(String options) {
        try {
            Cancellation cancel = new Cancellation();
            return StudyJob.run(StudyOptions.parse(options), new FineTunePlugin.ImageJProgress(cancel, false), cancel)
                    .summaryText();
        } catch (RuntimeException | IOException | java.awt.AWTError | LinkageError e) {
            return "error: " + FineTunePlugin.message(e);
        }
    }

}
