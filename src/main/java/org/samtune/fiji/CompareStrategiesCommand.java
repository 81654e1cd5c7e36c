package org.samtune.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.samtune.engine.Strategy;
import org.samtune.engine.StudyJob;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/**
 * Fiji's "Compare strategies" command: the engine's {@link StudyJob} (the command line's {@code samtune study}).
 * Every chosen strategy is fine-tuned with the same data, seed and budget, all are evaluated with the zero-shot
 * base model on the test data; study.csv becomes a results table and, with a display, study.png is shown. Progress
 * goes to the status bar and the log; cancelling stops the strategy in training and skips the rest (the study's
 * table still lists every strategy with its status).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Compare strategies")
public class CompareStrategiesCommand extends TrainingCommand {
    static final String TITLE = "SAM Tune Compare Strategies";

    @Parameter(label = "Test data", style = "both")
    private File test;

    @Parameter(label = "Strategies", persist = false,
            description = "ARCH:METHOD:COMPONENTS separated by commas (ARCH base = the checkpoint's; METHOD vanilla, "
                    + "adapter, lora; COMPONENTS decoder, encoder+decoder), or 'all'")
    private String strategies = "base:vanilla:decoder,base:lora:decoder,base:adapter:decoder";

    @Parameter(label = "Prompt (training and test)", choices = {"none", "box", "point"}, persist = false)
    private String prompt = "none";

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

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
            showStatus("SAM Tune: study done, results in " + r.out);
            if (Displays.available()) {
                table.show(StudyResults.TABLE_TITLE);
                if (chart != null) {
                    chart.show();
                }
            }
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            summary = failed(TITLE, e);
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
        r.checkpoint = baseCheckpoint();
        r.fromScratch = fromScratch;
        r.config = path(config);
        r.training = trainingOptions(prompt);
        r.out = path(output);
        r.device = deviceChoice();
        r.threads = threads;
        return r;
    }

    /** study.csv as a results table (null before a successful run). */
    public ResultsTable table() {
        return table;
    }

    /** study.png (null before a successful run, or where it could not be drawn). */
    public ImagePlus chart() {
        return chart;
    }
}
