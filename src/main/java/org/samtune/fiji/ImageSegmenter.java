package org.samtune.fiji;

import org.samtune.predict.PromptText;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.frame.RoiManager;
import org.samtune.engine.IntensityChoice;
import org.samtune.io.ImageConversion;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;

import java.util.List;
import java.util.function.Consumer;

/**
 * Segments an ImagePlus plane by plane: the current plane, or every plane of the stack with the same
 * prompts, or (propagation) the current plane carried through the stack by {@link StackVolumeSegmenter}.
 * Each plane is converted with the engine's {@link ImageConversion} and predicted by the shared
 * {@link SamSession}; the outputs are built by {@link MaskOutputs}. Nothing is displayed here:
 * the front-end decides.
 */
public final class ImageSegmenter {
    private ImageSegmenter() {}

    public static SegmentResult segment(SamSession session, ImagePlus imp, List<Prompt> prompts,
                                        SegmentSettings settings, Consumer<String> log) {
        if (imp == null) {
            throw new IllegalArgumentException("No image: open an image first");
        }
        if (settings.model == null) {
            throw new IllegalArgumentException("No model: choose a checkpoint");
        }
        if (settings.propagate) {
            return StackVolumeSegmenter.segment(session, imp, prompts, settings, log);
        }
        ImageStack stack = imp.getStack();
        int n = stack.getSize();
        int from = settings.allSlices ? 1 : imp.getCurrentSlice();
        int to = settings.allSlices ? n : imp.getCurrentSlice();
        SegmentResult result = new SegmentResult();
        IntensityChoice intensity = IntensityChoice.resolve(settings.intensity, session.model(settings.model, log).intensity());
        if (log != null) {
            log.accept("SAM Tune: " + intensity.describe());
        }
        for (int s = from; s <= to; s++) {
            if (log != null && n > 1) {
                log.accept("SAM Tune: slice " + s + " of " + n);
            }
            RgbImage rgb = ImageConversion.toRgb(stack.getProcessor(s), imp.getBitDepth(), intensity.mapping());
            Prediction p = session.predict(settings.model, rgb, prompts, settings.multimask, log);
            result.slices.add(s);
            result.predictions.add(p);
            if (settings.output == OutputKind.ROI) {
                result.rois.addAll(MaskOutputs.rois(p, n > 1 ? s : 0));
            }
        }
        String base = stripExtension(imp.getTitle());
        if (settings.output == OutputKind.MASK) {
            result.image = MaskOutputs.binaryMask(result.predictions, base + "-sam-mask");
        } else if (settings.output == OutputKind.LABELS) {
            result.image = MaskOutputs.labelImage(result.predictions, base + "-sam-labels");
        }
        MaskOutputs.calibrateLike(result.image, imp);
        return result;
    }

    /**
     * The prompts for an image, in order of precedence: box/point text (scripts, macros), the image's
     * selection, the ROI Manager's entries (one object each). Empty when there is none of these,
     * which means the prompt-free forward.
     */
    public static List<Prompt> prompts(ImagePlus imp, String boxes, String points) {
        List<Prompt> fromText = PromptText.parse(boxes, points);
        if (!fromText.isEmpty()) {
            return fromText;
        }
        if (imp.getRoi() != null) {
            return RoiPrompts.fromRoi(imp.getRoi());
        }
        RoiManager rm = RoiManager.getInstance();
        if (rm != null && rm.getCount() > 0) {
            return RoiPrompts.fromRois(rm.getRoisAsArray());
        }
        return fromText;
    }

    static String stripExtension(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }
}
