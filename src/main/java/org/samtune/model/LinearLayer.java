package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** torch.nn.Linear with bias: state-dict entries "weight" (out, in) and "bias" (out). */
public final class LinearLayer extends Projection {
    private final int in;
    private final int out;
    private final ai.djl.nn.Parameter weight;
    private final ai.djl.nn.Parameter bias;

    public LinearLayer(int in, int out) {
        this.in = in;
        this.out = out;
        this.weight = param("weight", out, in);
        this.bias = param("bias", out);
    }

    @Override
    public NDArray forward(NDArray x) {
        return SamOps.linear(x, v(weight), v(bias));
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }
}
