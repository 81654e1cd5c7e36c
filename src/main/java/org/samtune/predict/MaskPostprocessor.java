package org.samtune.predict;

import ai.djl.ndarray.NDArray;

/**
 * SAM's {@code Sam.postprocess_masks}: low-resolution mask logits (B, M, h, w) (256x256 for the released
 * models) are upscaled bilinearly (align_corners=False, no antialiasing) to the square model input
 * (S x S), cropped to the part that held the resized image ({@code inputSize}, the un-padded area), and
 * upscaled again to the original image size. Masks are {@code logits > maskThreshold} (0.0).
 *
 * <p>The crop is folded into the first resize (only the kept rows/columns are computed; values are the
 * same). Two implementations: NDArray (differentiable, any device; equal to the reference within a few
 * float ulps, ~4e-7 on the fixtures) and plain float arrays (bit-exact to the reference, and fast on CPU
 * for large originals, where dense resampling matrices would cost O(H*W*h) per mask).
 */
public final class MaskPostprocessor {
    private MaskPostprocessor() {}

    /**
     * @param lowRes (..., h, w) logits
     * @param imgSize the model input length S (image_encoder.img_size)
     * @param inputSize {H, W} of the resized image inside the padded S x S input
     * @param originalSize {H, W} of the original image
     * @return (..., originalH, originalW) logits, in lowRes's manager
     */
    public static NDArray postprocessMasks(NDArray lowRes, int imgSize, int[] inputSize, int[] originalSize) {
        checkSizes(imgSize, inputSize, originalSize);
        NDArray cropped = TorchBilinear.resizeCropped(lowRes, imgSize, imgSize, inputSize[0], inputSize[1]);
        NDArray out = TorchBilinear.resize(cropped, originalSize[0], originalSize[1]);
        cropped.close();
        return out;
    }

    /**
     * Same on float arrays, bit-exact to the reference (torch 1.13 CPU): {@code batch * channels}
     * consecutive h x w logit planes (row-major (B, M, h, w)).
     *
     * <p>torch runs a different kernel, with different rounding, on channels-last-contiguous inputs:
     * the low-res logits are such when M == 1, and the cropped view {@code masks[..., :H, :W]} is such
     * when M == 1 and the crop keeps whole rows (W == S) and, for B > 1, whole planes. The same choice is
     * made here.
     *
     * @return batch * channels consecutive originalH x originalW planes
     */
    public static float[] postprocessMasks(float[] lowRes, int batch, int channels, int h, int w, int imgSize,
            int[] inputSize, int[] originalSize) {
        checkSizes(imgSize, inputSize, originalSize);
        int planes = Math.multiplyExact(batch, channels);
        if (lowRes.length != (long) planes * h * w) {
            throw new IllegalArgumentException(
                    "Expected " + batch + "x" + channels + "x" + h + "x" + w + " values, got " + lowRes.length);
        }
        float[] out = new float[Math.multiplyExact(planes, Math.multiplyExact(originalSize[0], originalSize[1]))];
        for (int p = 0; p < planes; p++) {
            float[] up = postprocessPlane(lowRes, p, batch, channels, h, w, imgSize, inputSize, originalSize);
            System.arraycopy(up, 0, out, p * up.length, up.length);
        }
        return out;
    }

    /**
     * One plane ({@code plane} = b * channels + m) of {@link #postprocessMasks(float[], int, int, int, int, int, int[], int[])},
     * bit-identical to the same plane of the batched call (the kernel is chosen from the whole batch's layout), so
     * callers can upscale only the masks they need.
     */
    public static float[] postprocessPlane(float[] lowRes, int plane, int batch, int channels, int h, int w, int imgSize,
            int[] inputSize, int[] originalSize) {
        checkSizes(imgSize, inputSize, originalSize);
        TorchBilinear.CpuKernel[] kernels = kernels(batch, channels, h, w, imgSize, inputSize);
        // both resizes in one row-by-row pass (same values as resizeCropped then resize)
        return ChainedBilinear.resize(lowRes, plane * h * w, h, w, imgSize, imgSize, inputSize[0], inputSize[1],
                kernels[0], originalSize[0], originalSize[1], kernels[1]);
    }

    /** The torch kernels of the two resizes, from the batch's layout (see the class comment). */
    private static TorchBilinear.CpuKernel[] kernels(int batch, int channels, int h, int w, int imgSize, int[] inputSize) {
        TorchBilinear.CpuKernel first = TorchBilinear.kernelFor(
                new long[] {batch, channels, h, w}, new long[] {(long) channels * h * w, (long) h * w, w, 1});
        // strides of the cropped view of the (B, M, S, S) upscaled tensor
        long s = imgSize;
        TorchBilinear.CpuKernel second = TorchBilinear.kernelFor(
                new long[] {batch, channels, inputSize[0], inputSize[1]}, new long[] {channels * s * s, s * s, s, 1});
        return new TorchBilinear.CpuKernel[] {first, second};
    }

    /**
     * {@link #postprocessPlane} thresholded ({@code logit > threshold}), without keeping the logits:
     * the same mask as thresholding that plane.
     */
    public static boolean[] maskPlane(float[] lowRes, int plane, int batch, int channels, int h, int w, int imgSize,
            int[] inputSize, int[] originalSize, float threshold) {
        checkSizes(imgSize, inputSize, originalSize);
        TorchBilinear.CpuKernel[] kernels = kernels(batch, channels, h, w, imgSize, inputSize);
        return ChainedBilinear.resizeAndThreshold(lowRes, plane * h * w, h, w, imgSize, imgSize, inputSize[0], inputSize[1],
                kernels[0], originalSize[0], originalSize[1], kernels[1], threshold);
    }

    /** Binary masks: {@code logits > threshold} (SAM's mask_threshold is 0.0). */
    public static boolean[] threshold(float[] logits, float threshold) {
        boolean[] m = new boolean[logits.length];
        int chunk = 4096; // in parallel chunks for multi-megapixel masks
        RowBlocks.forEach((logits.length + chunk - 1) / chunk, chunk, c -> {
            int end = Math.min(logits.length, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
                m[i] = logits[i] > threshold;
            }
        });
        return m;
    }

    /** Binary masks as an NDArray of booleans, same shape as {@code logits}. */
    public static NDArray threshold(NDArray logits, float threshold) {
        return logits.gt(threshold);
    }

    private static void checkSizes(int imgSize, int[] inputSize, int[] originalSize) {
        if (inputSize.length != 2 || originalSize.length != 2) {
            throw new IllegalArgumentException("Sizes are {H, W}");
        }
        if (inputSize[0] <= 0 || inputSize[1] <= 0 || inputSize[0] > imgSize || inputSize[1] > imgSize) {
            throw new IllegalArgumentException("input size " + inputSize[0] + "x" + inputSize[1]
                    + " must fit in the model input " + imgSize + "x" + imgSize);
        }
        if (originalSize[0] <= 0 || originalSize[1] <= 0) {
            throw new IllegalArgumentException("original size must be positive");
        }
    }
}
