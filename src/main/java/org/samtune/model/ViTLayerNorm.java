package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** torch.nn.LayerNorm over the last (channel) axis of a BHWC token grid: {@code weight}, {@code bias}. */
public class ViTLayerNorm extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    public ViTLayerNorm(int dim, double eps) {
        this.weight = param("weight", dim);
        this.bias = param("bias", dim);
        this.eps = eps;
    }

    /** x: (..., C) -> (..., C). */
    public NDArray forward(NDArray x) {
        return SamOps.layerNorm(x, v(weight), v(bias), eps);
    }
}
