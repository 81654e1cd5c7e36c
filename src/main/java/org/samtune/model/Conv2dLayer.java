package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** torch.nn.Conv2d with bias, square kernel: "weight" (out, in, k, k) and "bias" (out). */
public final class Conv2dLayer extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;

    public Conv2dLayer(int in, int out, int kernel, int stride, int padding) {
        this.weight = param("weight", out, in, kernel, kernel);
        this.bias = param("bias", out);
        this.stride = stride;
        this.padding = padding;
    }

    /** x: (B, in, H, W) -> (B, out, H', W'). */
    public NDArray forward(NDArray x) {
        return SamOps.conv2d(x, v(weight), v(bias), stride, padding, 1);
    }
}
