package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** TinyViT's MLP, which normalises its own input: {@code fc2(GELU(fc1(LayerNorm(x))))}. State dict: {@code norm.*}, {@code fc1.*}, {@code fc2.*}. */
public final class TinyViTMlp extends SamBlock {
    private final ViTLayerNorm norm;
    private final ViTLinear fc1;
    private final ViTLinear fc2;

    public TinyViTMlp(int dim, int hidden, double layerNormEps) {
        this.norm = child("norm", new ViTLayerNorm(dim, layerNormEps));
        this.fc1 = child("fc1", new ViTLinear(dim, hidden, true));
        this.fc2 = child("fc2", new ViTLinear(hidden, dim, true));
    }

    /** x: (..., C) -> (..., C). */
    public NDArray forward(NDArray x) {
        return fc2.forward(SamOps.gelu(fc1.forward(norm.forward(x))));
    }
}
