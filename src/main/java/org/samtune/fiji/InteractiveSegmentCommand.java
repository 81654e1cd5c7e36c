package org.samtune.fiji;

import ij.ImagePlus;
import org.samtune.fiji.interactive.CommitTarget;
import org.samtune.fiji.interactive.InteractiveTool;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Interactive Segment as a SciJava command (scripts, SciJava's own dialog): the model parameters of
 * {@link ModelCommand}, multimask and where committed objects go; it installs {@link InteractiveTool} on the image
 * (which must be shown in a window), the same tool the ImageJ 1.x "SAM Tune Interactive Segment" installs.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Interactive Segment")
public class InteractiveSegmentCommand extends ModelCommand {
    static final String TITLE = InteractiveTool.NAME;

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "Multimask output", persist = false,
            description = "three candidate masks per prompt; the one with the best predicted IoU is shown")
    private boolean multimask;

    @Parameter(label = "Commit objects to", choices = {"ROI Manager", "label image", "ROI Manager and label image"},
            persist = false)
    private String commit = CommitTarget.ROI_MANAGER.label;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    @Override
    public void run() {
        try {
            SegmentSettings settings = settings();
            InteractiveTool.install(image, settings, CommitTarget.parse(commit));
            summary = TITLE + ": " + image.getTitle() + " with " + settings.model
                    + "; click: positive point, alt/shift-click: negative, drag: box, Enter: commit";
            log.info(summary);
        } catch (RuntimeException | java.awt.AWTError | LinkageError e) {
            summary = failed(TITLE, e);
        }
    }

    /** The parameters as the tool's settings (checks the model files and choices). */
    SegmentSettings settings() {
        SegmentSettings s = new SegmentSettings();
        s.model = modelSpec();
        s.multimask = multimask;
        s.intensity = intensityMapping();
        return s;
    }
}
