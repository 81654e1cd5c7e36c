package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * torch.nn.ConvTranspose2d whose stride equals its kernel size (the mask decoder's 2x upscaling):
 * "weight" (in, out, k, k) and "bias" (out). The output windows do not overlap, so every input pixel
 * simply emits its own k x k patch: one matrix product plus a re-arrangement (DJL's PyTorch engine
 * has no transposed convolution).
 */
public final class ConvTranspose2dKeqS extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final int k;

    public ConvTranspose2dKeqS(int in, int out, int kernel) {
        this.weight = param("weight", in, out, kernel, kernel);
        this.bias = param("bias", out);
        this.in = in;
        this.out = out;
        this.k = kernel;
    }

    /** x: (B, in, H, W) -> (B, out, kH, kW). */
    public NDArray forward(NDArray x) {
        return forwardChannelsLast(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2);
    }

    /**
     * The same on channels-last data, which is the layout the decoder already has (tokens x channels).
     * x: (B, H, W, in) -> (B, kH, kW, out).
     */
    public NDArray forwardChannelsLast(NDArray x) {
        Shape s = x.getShape();
        return joinPatches(forwardPatches(x), s.get(1), s.get(2));
    }

    /**
     * The output still grouped by source pixel: x (B, H, W, in) -> (B, H, W, k, k, out), bias included,
     * where [b, y, x, i, j, :] is output pixel (y*k + i, x*k + j). Per-pixel operations (LayerNorm2d,
     * GELU, a 1x1 projection) can run on this contiguous layout before or instead of
     * {@link #joinPatches}; that saves a strided copy of the large map.
     */
    public NDArray forwardPatches(NDArray x) {
        Shape s = x.getShape();
        // (k*k*out, in): row (i*k + j)*out + o is W[:, o, i, j], so the product comes out patch-major
        NDArray wRows = DecoderOps.ownedLike(v(weight).transpose(2, 3, 1, 0).reshape((long) k * k * out, in), x);
        NDArray bRows = DecoderOps.ownedLike(v(bias).tile(k * k), x);
        return SamOps.linear(x, wRows, bRows).reshape(s.get(0), s.get(1), s.get(2), k, k, out);
    }

    /** (B, H, W, k, k, C) patches -> (B, kH, kW, C) image, channels-last. */
    public NDArray joinPatches(NDArray patches, long h, long w) {
        Shape s = patches.getShape();
        long c = s.get(5);
        return patches.transpose(0, 1, 3, 2, 4, 5).reshape(s.get(0), h * k, w * k, c);
    }
}
