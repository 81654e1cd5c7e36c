package org.samtune.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import org.samtune.engine.IntensityChoice;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.io.IntensityMapping;
import org.samtune.predict.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * 3-D segmentation of an ImageJ stack: the prompts on the current plane start one object each, and the engine's
 * {@link VolumeSegmentJob#segmentStack} carries every object plane by plane through the stack (box of the previous
 * plane's mask, until it vanishes; one embedding per plane visited). The stack is a volume for the intensity
 * mapping too: statistics over the whole stack, {@code auto} as for NIfTI volumes (per-plane min-max), except that
 * 8-bit stacks are taken as they are (as 8-bit planes are in 2-D). Outputs as {@link ImageSegmenter}'s, one plane
 * per stack plane: label stack (higher labels win overlaps), binary mask stack or each object's selection per plane.
 */
public final class StackVolumeSegmenter {
    private StackVolumeSegmenter() {}

    public static SegmentResult segment(SamSession session, ImagePlus imp, List<Prompt> prompts,
                                        SegmentSettings settings, Consumer<String> log) {
        check(imp, prompts, settings);
        int w = imp.getWidth();
        int h = imp.getHeight();
        ImageStack stack = imp.getStack();
        float[][] planes = new float[stack.getSize()][];
        for (int s = 0; s < planes.length; s++) {
            // unsigned 8/16-bit values as they are (stack processors carry no calibration table)
            planes[s] = (float[]) stack.getProcessor(s + 1).convertToFloatProcessor().getPixels();
        }
        int start = imp.getCurrentSlice() - 1;
        VolumeSegmentJob.Result volume = session.segmentVolume(settings.model, model -> {
            IntensityChoice intensity = IntensityChoice.resolve(settings.intensity, model.intensity());
            if (log != null) {
                log.accept("SAM Tune: " + intensity.describe() + ", statistics over the stack; propagating from slice "
                        + (start + 1) + " of " + planes.length);
            }
            IntensityMapping mapping = imp.getBitDepth() == 8 ? intensity.mapping().forBitDepth(8) : intensity.mapping();
            return VolumeSegmentJob.segmentStack(model, planes, w, h, start, prompts, true, mapping, null);
        }, log);
        SegmentResult result = new SegmentResult();
        result.volume = volume;
        List<int[]> labels = new ArrayList<>();
        for (int s = 0; s < planes.length; s++) {
            labels.add(volume.labelPlane(s));
            result.slices.add(s + 1);
            for (int k = 0; settings.output == OutputKind.ROI && k < volume.objects().size(); k++) {
                // each object's own mask: overlapping objects keep their whole selections, as in 2-D
                Roi roi = MaskOutputs.objectRoi(volume.objects().get(k).masks()[s], w, h, k + 1, s + 1);
                if (roi != null) {
                    result.rois.add(roi);
                }
            }
        }
        String base = ImageSegmenter.stripExtension(imp.getTitle());
        if (settings.output == OutputKind.MASK) {
            result.image = MaskOutputs.binaryStack(labels, w, h, base + "-sam-mask");
        } else if (settings.output == OutputKind.LABELS) {
            result.image = MaskOutputs.labelStack(labels, w, h, volume.maxLabel(), base + "-sam-labels");
        }
        MaskOutputs.calibrateLike(result.image, imp);
        return result;
    }

    private static void check(ImagePlus imp, List<Prompt> prompts, SegmentSettings settings) {
        if (settings.allSlices) {
            throw new IllegalArgumentException("choose either all slices (same prompts on every slice) or propagation"
                    + " (from the current slice), not both");
        }
        if (settings.multimask) {
            throw new IllegalArgumentException("3-D propagation uses single-mask output: untick multimask");
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("3-D propagation starts from prompts on the current slice: draw a box or"
                    + " points (or give box=/point=)");
        }
        if (imp.getBitDepth() == 24) {
            throw new IllegalArgumentException("'" + imp.getTitle() + "' is an RGB stack: 3-D propagation needs a"
                    + " grayscale (8-, 16- or 32-bit) stack");
        }
        if (imp.getNChannels() > 1 || (imp.getNSlices() > 1 && imp.getNFrames() > 1)) {
            throw new IllegalArgumentException("'" + imp.getTitle() + "' is a hyperstack (" + imp.getNChannels()
                    + " channels, " + imp.getNSlices() + " slices, " + imp.getNFrames() + " frames): 3-D propagation"
                    + " walks one dimension; duplicate one channel / time point first");
        }
    }
}
