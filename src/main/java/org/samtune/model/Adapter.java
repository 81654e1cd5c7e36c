package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * finetune-SAM's bottleneck adapter (models/sam/modeling/common.Adapter): {@code D_fc2(GELU(D_fc1(x)))},
 * plus {@code x} when it has a skip connection. State dict: {@code D_fc1.weight} (h, D), {@code D_fc1.bias},
 * {@code D_fc2.weight} (D, h), {@code D_fc2.bias}. It is not zero-initialised in finetune-SAM, so adding
 * one changes a pretrained model's output from the first step.
 */
public final class Adapter extends SamBlock {
    private final ViTLinear fc1;
    private final ViTLinear fc2;
    private final boolean skip;

    public Adapter(int dim, int hidden, boolean skipConnect) {
        this.fc1 = child("D_fc1", new ViTLinear(dim, hidden, true));
        this.fc2 = child("D_fc2", new ViTLinear(hidden, dim, true));
        this.skip = skipConnect;
    }

    public Adapter(int dim, AdapterSpec spec, boolean skipConnect) {
        this(dim, spec.hiddenDim(dim), skipConnect);
    }

    public boolean hasSkip() {
        return skip;
    }

    /** x: (..., D) -> (..., D), in x's manager. */
    public NDArray forward(NDArray x) {
        NDArray y = fc2.forward(SamOps.gelu(fc1.forward(x)));
        return skip ? x.add(y) : y;
    }
}
