package org.samtune.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import org.samtune.predict.Prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one Fiji segmentation produced: per-slice predictions and the requested output. */
public final class SegmentResult {
    /** 1-based stack indices that were segmented. */
    public final List<Integer> slices = new ArrayList<>();
    public final List<Prediction> predictions = new ArrayList<>();
    /** The binary mask or label image (null for ROI output). */
    public ImagePlus image;
    /** The selections (ROI output only). */
    public final List<Roi> rois = new ArrayList<>();

    /** One line per slice and object, e.g. for the Log window and call() results. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < predictions.size(); s++) {
            Prediction p = predictions.get(s);
            for (int b = 0; b < p.objects; b++) {
                int best = p.bestMask(b);
                boolean[] m = p.mask(b, best);
                int area = 0;
                for (boolean v : m) {
                    area += v ? 1 : 0;
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(String.format(Locale.ROOT, "slice %d object %d: mask %d of %d, predicted IoU %.4f, area %d px",
                        slices.get(s), b + 1, best + 1, p.masksPerObject, p.iou(b, best), area));
            }
        }
        return sb.toString();
    }
}
