package org.samtune.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import org.samtune.engine.VolumePropagation;
import org.samtune.engine.VolumeSegmentJob;
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
    /** 3-D propagation: the engine's result (labels per plane, the objects' walks); null otherwise. */
    public VolumeSegmentJob.Result volume;

    /** Encoder runs of a 3-D propagation (one per plane visited); 0 otherwise. */
    public int encoderRuns() {
        return volume == null ? 0 : volume.encoderRuns();
    }

    /** One line per slice and object, e.g. for the Log window and call() results. */
    public String summary() {
        if (volume != null) {
            return volumeSummary();
        }
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < predictions.size(); s++) {
            Prediction p = predictions.get(s);
            for (int b = 0; b < p.objects; b++) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(String.format(Locale.ROOT, "slice %d object %d: %s", slices.get(s), b + 1, p.describe(b)));
            }
        }
        return sb.toString();
    }

    /** Per object: the stack slices (1-based, as ImageJ numbers them) it covers. */
    private String volumeSummary() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < volume.objects().size(); k++) {
            VolumePropagation.Result r = volume.objects().get(k);
            if (r.segmentedSlices() == 0) {
                sb.append(String.format(Locale.ROOT, "object %d: empty mask on slice %d%n", k + 1, r.start() + 1));
            } else {
                sb.append(String.format(Locale.ROOT, "object %d: label %d on slices %d..%d (%d slices, prompted on %d)%n",
                        k + 1, k + 1, r.first() + 1, r.last() + 1, r.segmentedSlices(), r.start() + 1));
            }
        }
        return sb.append(volume.encoderRuns()).append(" slice embedding(s) computed").toString();
    }
}
