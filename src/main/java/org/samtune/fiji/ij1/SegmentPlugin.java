package org.samtune.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import org.samtune.fiji.ImageSegmenter;
import org.samtune.fiji.MaskOutputs;
import org.samtune.fiji.OutputKind;
import org.samtune.predict.PromptText;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.SegmentResult;
import org.samtune.fiji.SegmentSettings;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prompt;

import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * "SAM Tune Segment" for ImageJ 1.x macros and menus (see {@link SegmentRequest} for the options).
 * It reads its macro options itself, so {@code run("SAM Tune Segment", "...")} works without a
 * display; from the menu with no options it asks with a dialog and records itself. For fully
 * headless JVMs (where ImageJ 1.x cannot run menu commands), macros use
 * {@code call("org.samtune.fiji.ij1.SegmentPlugin.segment", "image=[...] ... save=[...]")}.
 */
public class SegmentPlugin implements PlugIn {
    static final String COMMAND = "SAM Tune Segment";
    /** The dialog's "Slices" choice for 3-D propagation from the current slice (macro: propagate). */
    static final String PROPAGATE = "propagate (3-D)";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            PluginUi.fail(COMMAND, "open an image first");
            return;
        }
        try {
            String options = Macro.getOptions();
            SegmentRequest request;
            boolean fromDialog = options == null;
            if (fromDialog) {
                if (!canShowDialog()) {
                    PluginUi.fail(COMMAND, "no options and no display: give options, e.g. run(\"" + COMMAND
                            + "\", \"checkpoint=[/path/sam_vit_b.pth] box=10,10,50,50\")");
                    return;
                }
                request = dialog(imp);
                if (request == null) {
                    return;
                }
            } else {
                request = SegmentRequest.parse(options);
            }
            SegmentSettings settings = request.toSettings();
            List<Prompt> prompts = prompts(imp, request);
            if (fromDialog) {
                record(request, prompts);
            }
            SegmentResult result = ImageSegmenter.segment(SamSession.shared(), imp, prompts, settings, IJ::log);
            publish(imp, request, result);
            IJ.log(result.summary());
        } catch (RuntimeException | IOException | AWTError | LinkageError e) {
            PluginUi.fail(COMMAND, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * For {@code call("org.samtune.fiji.ij1.SegmentPlugin.segment", options)}: segments
     * {@code image=[path]} (or the current image), saves the result when {@code save=[path]} is
     * given, and returns the summary, or a line starting with "error:".
     */
    public static String segment(String options) {
        try {
            SegmentRequest request = SegmentRequest.parse(options);
            ImagePlus imp = request.image.isBlank() ? WindowManager.getCurrentImage() : ImageFiles.open(Path.of(request.image));
            if (imp == null) {
                return "error: no image (give image=[path] or open one)";
            }
            SegmentSettings settings = request.toSettings();
            SegmentResult result = ImageSegmenter.segment(SamSession.shared(), imp, prompts(imp, request), settings, null);
            if (!request.save.isBlank()) {
                save(result, Path.of(request.save));
            }
            return result.summary();
        } catch (RuntimeException | IOException | AWTError | LinkageError e) {
            // a macro's call() must get a result it can test, whatever went wrong
            return "error: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static List<Prompt> prompts(ImagePlus imp, SegmentRequest r) {
        return ImageSegmenter.prompts(imp, r.boxes, r.points);
    }

    /** Shows (or, in batch mode, makes current) the output and saves it when asked. */
    private static void publish(ImagePlus imp, SegmentRequest r, SegmentResult result) throws IOException {
        if (r.output == OutputKind.ROI) {
            String where = MaskOutputs.addToRoiManager(result.rois, imp);
            IJ.log("SAM Tune: " + result.rois.size() + " selection(s) added to the " + where);
        } else {
            result.image.show();
        }
        if (!r.save.isBlank()) {
            save(result, Path.of(r.save));
        }
    }

    static void save(SegmentResult result, Path file) throws IOException {
        if (result.image == null) {
            throw new IllegalArgumentException("save= needs output=mask or output=labels");
        }
        MaskOutputs.save(result.image, file);
    }

    static boolean canShowDialog() {
        if (GraphicsEnvironment.isHeadless()) {
            return false;
        }
        // java.awt.headless=false with no X server: menus work, but any window fails
        return !IJ.isLinux() || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    private static SegmentRequest dialog(ImagePlus imp) {
        GenericDialog gd = new GenericDialog(COMMAND);
        ModelFields.add(gd);
        gd.addCheckbox("Multimask output (best of 3 masks)", ModelFields.get("multimask", false));
        String[] outputs = {OutputKind.MASK.label, OutputKind.LABELS.label, OutputKind.ROI.label};
        gd.addChoice("Output", outputs, OutputKind.parse(ModelFields.get("output", "mask")).label);
        if (imp.getStackSize() > 1) {
            gd.addChoice("Slices", new String[] {"current", "all", PROPAGATE}, "current");
        }
        gd.addStringField(ModelFields.INTENSITY_LABEL, ModelFields.get("intensity", ""), 20);
        gd.addMessage("Prompts: the selection (multi-point: counter 0 = positive, counter 1 = negative;\n"
                + "rectangle = box) or every ROI Manager entry as its own object.\n"
                + "propagate (3-D): each object is carried from the current slice through the stack.");
        // the options are recorded below with the macro keywords; keep the dialog's own recording out
        boolean recording = Recorder.record;
        Recorder.record = false;
        try {
            gd.showDialog();
            if (gd.wasCanceled()) {
                return null;
            }
            SegmentRequest r = new SegmentRequest();
            ModelFields.read(gd, r);
            r.multimask = gd.getNextBoolean();
            r.output = OutputKind.parse(gd.getNextChoice());
            String slices = imp.getStackSize() > 1 ? gd.getNextChoice() : "current";
            r.allSlices = slices.equals("all");
            r.propagate = slices.equals(PROPAGATE);
            r.intensity = gd.getNextString().trim();
            ModelFields.set("multimask", r.multimask);
            ModelFields.set("output", r.output.key);
            ModelFields.set("intensity", r.intensity);
            return r;
        } finally {
            Recorder.record = recording;
        }
    }

    /**
     * Records the command with the macro keywords, including the prompts taken from the selection
     * as box/points text, so that the recorded line replays the same segmentation.
     */
    static void record(SegmentRequest r, List<Prompt> prompts) {
        if (!Recorder.record) {
            return;
        }
        String[] text = PromptText.format(prompts);
        if (text != null) {
            r.boxes = text[0];
            r.points = text[1];
        }
        for (String[] kv : r.recordable()) {
            if (kv[1] == null) {
                Recorder.recordOption(kv[0]);
            } else if (kv[0].equals("checkpoint") || kv[0].equals("config") || kv[0].equals("save")) {
                Recorder.recordPath(kv[0], kv[1]);
            } else {
                Recorder.recordOption(kv[0], kv[1]);
            }
        }
    }

}
