package org.samtune.fiji;

import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import org.samtune.predict.Prompt;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * ImageJ selections to SAM prompts.
 * <ul>
 *   <li>A multi-point selection is one object: points of counter 0 are positive (label 1), points of
 *       counter 1 negative (label 0), as the multi-point tool's counters show them. Other counters are
 *       refused rather than guessed.</li>
 *   <li>A rectangle is a box. Its corners are the indices of its first and last pixel
 *       ({@code x, y, x + width - 1, y + height - 1}): SAM boxes are pixel indices (its prompt encoder
 *       adds the half-pixel itself, and its training boxes are a mask's min/max pixel indices), so a
 *       rectangle drawn tightly around an object gives the same box as the object's mask.</li>
 *   <li>Any other area selection (oval, polygon, freehand, composite) is the box of its bounds.</li>
 *   <li>A list of ROIs (the ROI Manager) gives one object per entry.</li>
 * </ul>
 * Point coordinates are taken as ImageJ stores them (pixel indices; sub-pixel when the user enabled
 * sub-pixel resolution).
 */
public final class RoiPrompts {
    private RoiPrompts() {}

    /** The counter of positive points (the multi-point tool's default counter). */
    public static final int POSITIVE_COUNTER = 0;
    /** The counter of negative points. */
    public static final int NEGATIVE_COUNTER = 1;

    /** One selection as one object; null gives no object. */
    public static List<Prompt> fromRoi(Roi roi) {
        List<Prompt> out = new ArrayList<>();
        if (roi != null) {
            out.add(toPrompt(roi));
        }
        return out;
    }

    /** One object per ROI (ROI Manager entries, in order). */
    public static List<Prompt> fromRois(Roi[] rois) {
        List<Prompt> out = new ArrayList<>();
        if (rois != null) {
            for (Roi r : rois) {
                out.add(toPrompt(r));
            }
        }
        return out;
    }

    /** The prompt of one selection. */
    public static Prompt toPrompt(Roi roi) {
        if (roi instanceof PointRoi) {
            return fromPoints((PointRoi) roi);
        }
        if (!roi.isArea()) {
            throw new IllegalArgumentException("A " + roi.getTypeAsString() + " selection" + name(roi)
                    + " cannot be a SAM prompt: use points (multi-point tool) or a rectangle");
        }
        Rectangle r = roi.getBounds();
        if (r.width < 2 || r.height < 2) {
            throw new IllegalArgumentException("The rectangle" + name(roi) + " (" + r.width + "x" + r.height
                    + " pixels) is too small for a box: it must span at least 2x2 pixels");
        }
        return new Prompt().box(r.x, r.y, r.x + r.width - 1, r.y + r.height - 1);
    }

    private static Prompt fromPoints(PointRoi roi) {
        FloatPolygon p = roi.getFloatPolygon();
        int[] counters = roi.getCounters(); // counter in the low 8 bits, slice position above
        Prompt prompt = new Prompt();
        for (int i = 0; i < p.npoints; i++) {
            int counter = counters == null ? 0 : counters[i] & 0xff;
            if (counter != POSITIVE_COUNTER && counter != NEGATIVE_COUNTER) {
                throw new IllegalArgumentException("Point " + (i + 1) + name(roi) + " uses counter " + counter
                        + ": use counter 0 for positive and counter 1 for negative points");
            }
            prompt.addPoint(p.xpoints[i], p.ypoints[i], counter == POSITIVE_COUNTER ? 1 : 0);
        }
        if (p.npoints == 0) {
            throw new IllegalArgumentException("The point selection" + name(roi) + " has no points");
        }
        return prompt;
    }

    private static String name(Roi roi) {
        return roi.getName() == null ? "" : " '" + roi.getName() + "'";
    }
}
