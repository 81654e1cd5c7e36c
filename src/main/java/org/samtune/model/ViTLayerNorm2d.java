package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** SAM's LayerNorm2d in the encoder neck: normalises every pixel of a BCHW map over its channels. */
public class ViTLayerNorm2d extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    public ViTLayerNorm2d(int channels, double eps) {
        this.weight = param("weight", channels);
        this.bias = param("bias", channels);
        this.eps = eps;
    }

    /** x: (B, C, H, W) -> (B, C, H, W). */
    public NDArray forward(NDArray x) {
        return SamOps.layerNorm2d(x, v(weight), v(bias), eps);
    }
}
