package org.samtune.io;

import org.samtune.predict.RgbImage;

/**
 * {@code auto}, the default: 2-D images 8-bit as is and 16/32-bit min-max of the image (what a viewer shows);
 * volumes finetune-SAM's per-slice min-max, so that NIfTI data is prepared as finetune-SAM prepares it.
 */
final class AutoMapping implements IntensityMapping {
    static final AutoMapping INSTANCE = new AutoMapping();

    private AutoMapping() {}

    @Override
    public String spec() {
        return "auto";
    }

    @Override
    public IntensityMapping forVolume(float[] volume) {
        return IntensityMapping.sliceMinMax().forVolume(volume);
    }

    @Override
    public IntensityMapping forBitDepth(int bitDepth) {
        return bitDepth == 8 ? IntensityMapping.asIs() : IntensityMapping.minMax();
    }

    /** Values of unknown origin (float planes): min-max, as for a 16/32-bit image. */
    @Override
    public byte[] toUint8(float[] values) {
        return IntensityMapping.minMax().toUint8(values);
    }

    @Override
    public RgbImage toRgb(byte[] gray, int width, int height) {
        return IntensityMapping.asIs().toRgb(gray, width, height);
    }

    @Override
    public String toString() {
        return spec();
    }
}
