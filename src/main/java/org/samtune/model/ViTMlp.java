package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** SAM's MLPBlock in the encoder: lin1 -> GELU (exact erf) -> lin2. */
public final class ViTMlp extends SamBlock {
    private final ViTLinear lin1;
    private final ViTLinear lin2;

    public ViTMlp(int dim, int hidden) {
        this.lin1 = child("lin1", new ViTLinear(dim, hidden, true));
        this.lin2 = child("lin2", new ViTLinear(hidden, dim, true));
    }

    /** x: (..., dim) -> (..., dim). */
    public NDArray forward(NDArray x) {
        return lin2.forward(SamOps.gelu(lin1.forward(x)));
    }
}
