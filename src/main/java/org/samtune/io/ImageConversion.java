package org.samtune.io;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.samtune.predict.RgbImage;

/**
 * ImageJ images to the model's 8-bit RGB input. 8-bit and RGB images are taken as they are; 16- and
 * 32-bit images go through the user's {@link IntensityMapping} (null = {@code auto}: min-max). Stacks and
 * multi-channel images are refused here: the caller picks a plane (per-slice use).
 */
public final class ImageConversion {
    private ImageConversion() {}

    /** The whole (single-plane) image. */
    public static RgbImage toRgb(ImagePlus imp, IntensityMapping scaler) {
        if (imp.getStackSize() > 1) {
            throw new IllegalArgumentException("'" + imp.getTitle() + "' is a stack of " + imp.getStackSize()
                    + " planes: segment one slice at a time (choose the plane, e.g. with Image > Duplicate or the"
                    + " per-slice option of the Fiji command)");
        }
        return toRgb(imp.getProcessor(), imp.getBitDepth(), scaler);
    }

    /** One plane; {@code bitDepth} as ImagePlus reports it (8, 16, 24 = RGB, 32). */
    public static RgbImage toRgb(ImageProcessor ip, int bitDepth, IntensityMapping scaler) {
        int w = ip.getWidth();
        int h = ip.getHeight();
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("The image is empty (" + w + "x" + h + ")");
        }
        IntensityMapping s = (scaler != null ? scaler : IntensityMapping.auto()).forBitDepth(bitDepth);
        switch (bitDepth) {
            case 8:
                if (ip.isColorLut() && !ip.isInvertedLut()) {
                    return RgbImage.fromPackedRgb((int[]) ip.convertToRGB().getPixels(), w, h);
                }
                return s.toRgb((byte[]) ip.getPixels(), w, h);
            case 16:
                return s.toRgb((short[]) ip.getPixels(), w, h);
            case 32:
                return s.toRgb((float[]) ip.getPixels(), w, h);
            case 24:
                return RgbImage.fromPackedRgb((int[]) ip.getPixels(), w, h);
            default:
                throw new IllegalArgumentException("Unsupported bit depth " + bitDepth);
        }
    }
}
