package org.samtune.fiji;

import ij.ImagePlus;
import org.samtune.engine.SegmentJob;
import org.samtune.predict.Prompt;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.List;

/**
 * Fiji's "Segment" command: prompts SAM with the image's selection (points and/or a rectangle), or
 * with every ROI Manager entry, or with box/point text given as parameters (scripts), and makes a
 * binary mask, a label image or ROI Manager selections. All the work is done by
 * {@link ImageSegmenter} and the engine; this class only maps parameters.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Segment")
public class SegmentCommand implements Command {
    @Parameter
    private LogService log;

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "Checkpoint", style = "open", description = "SAM / MedSAM / finetune-SAM .pth or .safetensors")
    private File checkpoint;

    @Parameter(label = "Architecture", choices = {"auto", "vit_b", "vit_l", "vit_h", "vit_t"}, persist = false)
    private String architecture = "auto";

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false,
            description = "JSON with the architecture, for checkpoints whose sizes cannot be inferred")
    private File config;

    @Parameter(label = "Preprocessing", choices = {"auto", "sam", "finetune-sam"}, persist = false)
    private String preprocessing = "auto";

    @Parameter(label = "Multimask output", persist = false,
            description = "three candidate masks per object; the one with the best predicted IoU is used")
    private boolean multimask;

    @Parameter(label = "Output", choices = {"binary mask", "label image", "ROI Manager"}, persist = false)
    private String output = "binary mask";

    @Parameter(label = "Slices", choices = {"current", "all"}, persist = false)
    private String slices = "current";

    @Parameter(label = "Intensity (16/32-bit)", required = false, persist = false,
            description = "empty = recorded with the model, else auto; " + org.samtune.io.IntensityMapping.SPECS)
    private String intensity = "";

    @Parameter(label = "Boxes (optional)", required = false, persist = false,
            description = "x0,y0,x1,y1[;x0,y0,x1,y1...] in pixels; empty = use the selection / ROI Manager")
    private String boxes = "";

    @Parameter(label = "Points (optional)", required = false, persist = false,
            description = "x,y,label[;x,y,label...], label 1 positive, 0 negative")
    private String points = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "CPU threads (0 = all cores)", min = "0", persist = false)
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Parameter(type = ItemIO.OUTPUT)
    private String summary;

    @Override
    public void run() {
        SegmentSettings s = new SegmentSettings();
        s.model = ModelSpec.of(checkpoint.toPath(), architecture, config == null ? null : config.toPath(), preprocessing,
                device, threads);
        s.multimask = multimask;
        s.output = OutputKind.parse(output);
        s.allSlices = "all".equalsIgnoreCase(slices);
        s.intensity = org.samtune.io.IntensityMapping.parseOrNull(intensity);
        List<Prompt> prompts = ImageSegmenter.prompts(image, boxes, points);
        if (prompts.isEmpty()) {
            log.info("SAM Tune: no prompt (no selection, ROI Manager entry, box or point): prompt-free forward");
        }
        SegmentResult r = ImageSegmenter.segment(SamSession.shared(), image, prompts, s, log::info);
        if (s.output == OutputKind.ROI) {
            String where = MaskOutputs.addToRoiManager(r.rois, image);
            log.info("SAM Tune: " + r.rois.size() + " selection(s) added to the " + where);
        }
        result = r.image;
        summary = r.summary();
        log.info(summary);
    }
}
