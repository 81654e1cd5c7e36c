package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** torch.nn.LayerNorm over the last axis: state-dict entries "weight" and "bias" (dim). */
public final class LayerNormLayer extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    public LayerNormLayer(int dim, double eps) {
        this.weight = param("weight", dim);
        this.bias = param("bias", dim);
        this.eps = eps;
    }

    /** x: (..., dim) -> (..., dim). */
    public NDArray forward(NDArray x) {
        return SamOps.layerNorm(x, v(weight), v(bias), eps);
    }
}
