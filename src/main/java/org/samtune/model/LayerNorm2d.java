package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * SAM's LayerNorm2d: every pixel of a (B, C, H, W) map is normalised over its C channels (biased
 * variance), then scaled and shifted per channel. State-dict entries "weight" (C) and "bias" (C).
 *
 * <p>This is exactly a last-axis layer norm of the channels-last view, so it runs on the native
 * layer_norm kernel: one fused op instead of six element-wise ones, and no reshaped parameter copies.
 */
public final class LayerNorm2d extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    public LayerNorm2d(int channels, double eps) {
        this.weight = param("weight", channels);
        this.bias = param("bias", channels);
        this.eps = eps;
    }

    /** x: (B, C, H, W) -> (B, C, H, W). */
    public NDArray forward(NDArray x) {
        return forwardChannelsLast(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2);
    }

    /** x: (B, H, W, C) -> (B, H, W, C), the same normalisation on channels-last data. */
    public NDArray forwardChannelsLast(NDArray x) {
        return SamOps.layerNorm(x, v(weight), v(bias), eps);
    }
}
