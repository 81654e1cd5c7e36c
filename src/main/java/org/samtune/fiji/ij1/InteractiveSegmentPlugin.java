package org.samtune.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import org.samtune.fiji.SegmentSettings;
import org.samtune.fiji.interactive.CommitTarget;
import org.samtune.fiji.interactive.InteractiveTool;

import java.awt.AWTError;
import java.util.List;

/**
 * "SAM Tune Interactive Segment": asks for the model (the Segment dialog's model fields, or the same
 * macro options: {@code checkpoint=[..] arch= config=[..] preprocess= device= threads= multimask
 * intensity=..} plus {@code commit=roi|labels|both}) and installs {@link InteractiveTool} on the
 * current image. The model is loaded once, on the tool's worker thread.
 */
public class InteractiveSegmentPlugin implements PlugIn {
    static final String COMMAND = InteractiveTool.NAME;
    static final List<String> OWN_KEYS = List.of("commit");
    static final String HELP = "Click: positive point   alt/shift-click: negative point   drag: box\n"
            + "Enter: commit the object   Escape: clear   ctrl-Z / Backspace: undo\n"
            + "Another slice: committed objects stay, prompts start afresh.";

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
            CommitTarget target;
            if (options == null) {
                if (!SegmentPlugin.canShowDialog()) {
                    PluginUi.fail(COMMAND, "needs a display: the tool is used with the mouse");
                    return;
                }
                GenericDialog gd = dialog();
                boolean recording = Recorder.record;
                PluginUi.showUnrecorded(gd);
                if (gd.wasCanceled()) {
                    return;
                }
                request = new SegmentRequest();
                ModelFields.read(gd, request);
                request.multimask = gd.getNextBoolean();
                request.intensity = gd.getNextString().trim();
                target = CommitTarget.parse(gd.getNextChoice());
                ModelFields.set("multimask", request.multimask);
                ModelFields.set("intensity", request.intensity);
                ModelFields.set("commit", target.key);
                record(request, target);
            } else {
                MacroOptions o = new MacroOptions(options);
                request = SegmentRequest.parse(o, OWN_KEYS);
                target = CommitTarget.parse(o.get("commit", CommitTarget.ROI_MANAGER.key));
            }
            SegmentSettings settings = request.toSettings();
            InteractiveTool.install(imp, settings, target);
            IJ.log(COMMAND + ": " + imp.getTitle() + " with " + settings.model + "; " + HELP.replace("\n", "; "));
        } catch (RuntimeException | AWTError | LinkageError e) {
            PluginUi.fail(COMMAND, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static GenericDialog dialog() {
        GenericDialog gd = new GenericDialog(COMMAND);
        ModelFields.add(gd);
        gd.addCheckbox("Multimask output (best of 3 masks)", ModelFields.get("multimask", false));
        gd.addStringField(ModelFields.INTENSITY_LABEL, ModelFields.get("intensity", ""), 20);
        gd.addChoice("Commit objects to", CommitTarget.labels(), CommitTarget.parse(ModelFields.get("commit", "roi")).label);
        gd.addMessage(HELP);
        return gd;
    }

    private static void record(SegmentRequest r, CommitTarget target) {
        if (!Recorder.record) {
            return;
        }
        for (String[] kv : r.recordable()) {
            if (kv[0].equals("output")) {
                continue; // Interactive Segment's outputs are chosen by commit=
            }
            if (kv[1] == null) {
                Recorder.recordOption(kv[0]);
            } else if (kv[0].equals("checkpoint") || kv[0].equals("config")) {
                Recorder.recordPath(kv[0], kv[1]);
            } else {
                Recorder.recordOption(kv[0], kv[1]);
            }
        }
        Recorder.recordOption("commit", target.key);
    }

}
