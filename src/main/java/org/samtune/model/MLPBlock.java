package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** segment-anything common.MLPBlock: lin2(act(lin1(x))); ReLU in the two-way transformer, GELU in the ViT. */
public final class MLPBlock extends SamBlock {
    public enum Activation { RELU, GELU }

    private final ViTLinear lin1;
    private final ViTLinear lin2;
    private final Activation act;

    public MLPBlock(int dim, int mlpDim, Activation act) {
        this.lin1 = child("lin1", new ViTLinear(dim, mlpDim, true));
        this.lin2 = child("lin2", new ViTLinear(mlpDim, dim, true));
        this.act = act;
    }

    /** x: (..., dim) -> (..., dim). */
    public NDArray forward(NDArray x) {
        NDArray h = lin1.forward(x);
        h = act == Activation.RELU ? SamOps.relu(h) : SamOps.gelu(h);
        return lin2.forward(h);
    }
}
