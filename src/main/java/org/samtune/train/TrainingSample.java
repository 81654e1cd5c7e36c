package org.samtune.train;

/**
 * One processed sample, what finetune-SAM's {@code Public_dataset.__getitem__} returns plus the low-resolution
 * target its training loop derives.
 *
 * @param name {@code img_name}: the image path of the list row (or the slice name)
 * @param size model input size (1024)
 * @param image 3 x size x size, CHW, normalised (ImageNet mean/std on [0,1] for 'sam')
 * @param mask size x size class ids after target selection (and, in prompt modes, restricted to the prompted regions)
 * @param outSize low-resolution target size (256)
 * @param lowResMask outSize x outSize target for loss and metric
 * @param prompts point/box prompts, or null in no-prompt mode
 */
public record TrainingSample(String name, int size, float[] image, int[] mask, int outSize, int[] lowResMask,
                             Prompts prompts) {}
