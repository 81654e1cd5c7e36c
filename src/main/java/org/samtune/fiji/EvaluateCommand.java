package org.samtune.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.samtune.engine.EvaluationJob;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fiji's "Evaluate" command: scores checkpoints on labelled data with the engine's
 * {@link EvaluationJob} (files written exactly as the command line writes them) and, where a display
 * exists, shows metrics.csv and summary.csv as results tables and opens the Dice box plot. The model parameters are
 * {@link ModelCommand}'s; the intensity applies to every model (empty: each model's recorded one, else auto).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Evaluate")
public class EvaluateCommand extends ModelCommand {
    static final String TITLE = "SAM Tune Evaluate";

    @Parameter(label = "More checkpoints (optional)", required = false, persist = false,
            description = "[NAME=]FILE entries separated by ';', to compare models in one table")
    private String moreCheckpoints = "";

    @Parameter(label = "Data", style = "both",
            description = "finetune-SAM list file, a folder with images/ + masks/, or a folder of NIfTI volumes")
    private File data;

    @Parameter(label = "Image root (optional)", style = "directory", required = false, persist = false)
    private File imageRoot;

    @Parameter(label = "Mask root (optional)", style = "directory", required = false, persist = false)
    private File maskRoot;

    @Parameter(label = "Prompt", choices = {"box", "point", "none", "propagate"}, persist = false)
    private String prompt = "box";

    @Parameter(label = "Points per class (point prompts)", min = "1", persist = false)
    private int points = 5;

    @Parameter(label = "Seed", persist = false)
    private long seed = 42;

    @Parameter(label = "Classes (0 = from targets / model)", min = "0", persist = false)
    private int classes;

    @Parameter(label = "Targets", persist = false, description = "combine_all, multi_all or label ids like 1,2")
    private String targets = "combine_all";

    @Parameter(label = "Output folder", style = "directory")
    private File output;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    private ResultsTable metricsTable;
    private ResultsTable summaryTable;
    private ImagePlus boxPlot;

    @Override
    public void run() {
        try {
            EvaluationSettings s = new EvaluationSettings();
            s.checkpoints = (checkpoint == null ? "" : checkpoint.getPath())
                    + (moreCheckpoints == null || moreCheckpoints.isBlank() ? "" : ";" + moreCheckpoints);
            s.arch = architecture;
            s.config = path(config);
            s.preprocessing = preprocessing;
            s.data = path(data);
            s.imageRoot = path(imageRoot);
            s.maskRoot = path(maskRoot);
            s.prompt = prompt;
            s.points = points;
            s.seed = seed;
            s.intensity = intensity;
            s.classes = classes;
            s.targets = targets;
            s.out = path(output);
            s.device = device;
            s.threads = threads;
            EvaluationJob.Result result = EvaluationJob.run(s.toRequest(), m -> {
                log.info("SAM Tune: " + m);
                showStatus("SAM Tune: " + m);
            });
            metricsTable = EvaluationTables.metrics(result.metrics);
            summaryTable = EvaluationTables.summary(result.summary);
            boxPlot = boxPlot(result.out.resolve("dice_boxplot.png"));
            summary = result.summaryText();
            log.info(summary);
            showStatus("SAM Tune: evaluation done, results in " + result.out);
            if (Displays.available()) {
                metricsTable.show(EvaluationTables.METRICS_TITLE);
                summaryTable.show(EvaluationTables.SUMMARY_TITLE);
                if (boxPlot != null) {
                    boxPlot.show();
                }
            }
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            summary = failed(TITLE, e);
        }
    }

    /** The box plot as an image (read with ImageIO: ImageJ's own PNG opener needs a display). */
    static ImagePlus boxPlot(Path png) throws IOException {
        if (!java.nio.file.Files.isRegularFile(png)) {
            return null; // not written: the evaluation stopped before it
        }
        BufferedImage img = ImageIO.read(png.toFile());
        return img == null ? null : new ImagePlus("Dice box plot", img);
    }

    /** metrics.csv as a results table (null before a successful run). */
    public ResultsTable metricsTable() {
        return metricsTable;
    }

    /** summary.csv as a results table (null before a successful run). */
    public ResultsTable summaryTable() {
        return summaryTable;
    }

    /** dice_boxplot.png (null before a successful run). */
    public ImagePlus boxPlot() {
        return boxPlot;
    }
}
