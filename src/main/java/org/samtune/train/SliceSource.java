package org.samtune.train;

import java.io.IOException;
import org.samtune.predict.RgbImage;

/**
 * A list of image/label slice pairs for training, before finetune-SAM's resize and augmentation.
 *
 * <p>Implemented by {@link FileSliceSource} (2-D files: finetune-SAM's CSV lists, folder pairs) and,
 * later, by a NIfTI volume slicer, which returns each axial slice already scaled to 8 bit (the 3-D
 * notebook's per-slice min-max to 0..255) and replicated to RGB, with the label slice as label ids.
 *
 * <p>Image and mask are loaded separately so that a validator can say which file of a pair is bad.
 */
public interface SliceSource {

    int size();

    /** Name of sample i as finetune-SAM reports it ({@code img_name}: the image path of the list row). */
    String imageName(int index);

    /** Name of the label file / slice of sample i, for problem reports. */
    String maskName(int index);

    /** The image as PIL {@code convert('RGB')} gives it. */
    RgbImage loadImage(int index) throws IOException;

    /** The mask as PIL {@code convert('L')} gives it (file sources) or raw label ids (volume sources). */
    LabelImage loadMask(int index) throws IOException;
}
