package org.samtune.fiji;

import org.samtune.io.IntensityMapping;

/** The user's choices for one segmentation in Fiji, whatever front-end collected them. */
public final class SegmentSettings {
    public ModelSpec model;
    /** Three candidate masks per object; the best by predicted IoU is used. */
    public boolean multimask;
    public OutputKind output = OutputKind.MASK;
    /** Every plane of a stack with the same prompts, instead of the current one. */
    public boolean allSlices;
    /**
     * Segment the current plane from the prompts and carry each object through the stack (3-D): the neighbours are
     * prompted with the box of the previous plane's mask until it vanishes ({@link StackVolumeSegmenter}).
     */
    public boolean propagate;
    /** Intensity to 8-bit mapping; null = the one recorded with the model, else {@code auto}. */
    public IntensityMapping intensity;
}
