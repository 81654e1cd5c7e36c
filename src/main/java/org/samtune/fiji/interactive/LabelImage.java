package org.samtune.fiji.interactive;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ShortProcessor;

/**
 * The "SAM labels" image of an interactive session: 16-bit, as many planes as the segmented image,
 * 0 = background, each committed object painted with its label id (a later object overwrites an
 * earlier one where they overlap, as a label image can hold one label per pixel).
 */
public final class LabelImage {
    public static final String TITLE = "SAM labels";

    private LabelImage() {}

    /** An empty label image matching {@code source}'s size, planes and spatial calibration. */
    public static ImagePlus createFor(ImagePlus source) {
        ImageStack stack = new ImageStack(source.getWidth(), source.getHeight());
        for (int i = 0; i < source.getStackSize(); i++) {
            stack.addSlice(new ShortProcessor(source.getWidth(), source.getHeight()));
        }
        ImagePlus imp = new ImagePlus(TITLE, stack);
        Calibration cal = source.getCalibration().copy();
        cal.disableDensityCalibration();
        imp.setCalibration(cal);
        imp.setDisplayRange(0, 1);
        return imp;
    }

    /** Paints an object into its plane and widens the display range to the largest label. */
    public static void paint(ImagePlus labels, CommittedObject o) {
        if (labels.getWidth() * labels.getHeight() != o.mask().length) {
            throw new IllegalArgumentException("Label image " + labels.getWidth() + "x" + labels.getHeight()
                    + " does not match the object's mask of " + o.mask().length + " pixels");
        }
        short[] px = (short[]) labels.getStack().getProcessor(o.slice()).getPixels();
        boolean[] m = o.mask();
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                px[i] = (short) o.label();
            }
        }
        labels.setDisplayRange(0, Math.max(labels.getDisplayRangeMax(), o.label()));
        labels.updateAndDraw();
    }
}
