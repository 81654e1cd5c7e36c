package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** torch.nn.Conv2d (square kernel, no dilation/groups) as used in the encoder neck: {@code weight} (Cout, Cin, k, k) [, {@code bias}]. */
public class ViTConv2d extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;

    public ViTConv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean withBias) {
        this.weight = param("weight", outChannels, inChannels, kernel, kernel);
        this.bias = withBias ? param("bias", outChannels) : null;
        this.stride = stride;
        this.padding = padding;
    }

    /** x: (B, Cin, H, W) -> (B, Cout, H', W'). */
    public NDArray forward(NDArray x) {
        return SamOps.conv2d(x, v(weight), bias == null ? null : v(bias), stride, padding, 1);
    }

    public NDArray weight() {
        return v(weight);
    }

    public NDArray bias() {
        return bias == null ? null : v(bias);
    }
}
