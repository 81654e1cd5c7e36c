package org.samtune.fiji;

import org.samtune.predict.IntensityScaler;

/** The user's choices for one segmentation in Fiji, whatever front-end collected them. */
public final class SegmentSettings {
    public ModelSpec model;
    /** Three candidate masks per object; the best by predicted IoU is used. */
    public boolean multimask;
    public OutputKind output = OutputKind.MASK;
    /** Every plane of a stack with the same prompts, instead of the current one. */
    public boolean allSlices;
    /** 16/32-bit to 8-bit mapping; null = the default for the bit depth (min-max). */
    public IntensityScaler intensity;
}
