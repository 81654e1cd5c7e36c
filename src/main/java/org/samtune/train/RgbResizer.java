package org.samtune.train;

import org.samtune.predict.RgbImage;

/**
 * Resizes an 8-bit RGB image to exactly outWidth x outHeight (finetune-SAM stretches, aspect not kept).
 * finetune-SAM uses PIL's bilinear ({@code transforms.Resize((1024,1024))} on a PIL image). The exact
 * implementation lives in org.samtune.predict; pass it as a method reference, e.g.
 * {@code PilResize::bilinear}-style adapters. {@link PilBilinearPlaceholder#INSTANCE} is a stand-in.
 */
@FunctionalInterface
public interface RgbResizer {
    RgbImage resize(RgbImage image, int outWidth, int outHeight);
}
