package org.samtune.fiji;

import ij.ImagePlus;
import org.samtune.predict.Prompt;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.List;

/**
 * Fiji's "Segment" command: prompts SAM with the image's selection (points and/or a rectangle), or
 * with every ROI Manager entry, or with box/point text given as parameters (scripts), and makes a
 * binary mask, a label image or ROI Manager selections: for the current slice, every slice with the same prompts,
 * or (propagate) the current slice carried through the stack in 3-D. All the work is done by
 * {@link ImageSegmenter} and the engine; this class only maps parameters (the model's are {@link ModelCommand}'s).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Segment")
public class SegmentCommand extends ModelCommand {
    /** The "Slices" choices: current slice, all slices with the same prompts, 3-D propagation from the current one. */
    static final String CURRENT = "current";
    static final String ALL = "all";
    static final String PROPAGATE = "propagate (3-D)";

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "Multimask output", persist = false,
            description = "three candidate masks per object; the one with the best predicted IoU is used")
    private boolean multimask;

    @Parameter(label = "Output", choices = {"binary mask", "label image", "ROI Manager"}, persist = false)
    private String output = "binary mask";

    @Parameter(label = "Slices", choices = {CURRENT, ALL, PROPAGATE}, persist = false,
            description = "stacks: the current slice, every slice with the same prompts, or the current slice's "
                    + "objects carried slice by slice through the stack until their masks vanish")
    private String slices = CURRENT;

    @Parameter(label = "Boxes (optional)", required = false, persist = false,
            description = "x0,y0,x1,y1[;x0,y0,x1,y1...] in pixels; empty = use the selection / ROI Manager")
    private String boxes = "";

    @Parameter(label = "Points (optional)", required = false, persist = false,
            description = "x,y,label[;x,y,label...], label 1 positive, 0 negative")
    private String points = "";

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    private SegmentResult segmentation;

    @Override
    public void run() {
        SegmentSettings s = new SegmentSettings();
        s.model = modelSpec();
        s.multimask = multimask;
        s.output = OutputKind.parse(output);
        s.allSlices = ALL.equalsIgnoreCase(slices);
        s.propagate = PROPAGATE.equalsIgnoreCase(slices) || "propagate".equalsIgnoreCase(slices);
        s.intensity = intensityMapping();
        List<Prompt> prompts = ImageSegmenter.prompts(image, boxes, points);
        if (prompts.isEmpty()) {
            log.info("SAM Tune: no prompt (no selection, ROI Manager entry, box or point): prompt-free forward");
        }
        segmentation = ImageSegmenter.segment(SamSession.shared(), image, prompts, s, log::info);
        if (s.output == OutputKind.ROI) {
            String where = MaskOutputs.addToRoiManager(segmentation.rois, image);
            log.info("SAM Tune: " + segmentation.rois.size() + " selection(s) added to the " + where);
        }
        result = segmentation.image;
        summary = segmentation.summary();
        log.info(summary);
    }

    /** What the last run computed (null before a run). */
    public SegmentResult segmentation() {
        return segmentation;
    }
}
