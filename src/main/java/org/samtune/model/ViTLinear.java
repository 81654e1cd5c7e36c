package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** torch.nn.Linear as used in the image encoder: state-dict entries {@code weight} (out, in) and {@code bias} (out). */
public class ViTLinear extends LinearBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final int inFeatures;
    private final int outFeatures;

    public ViTLinear(int inFeatures, int outFeatures, boolean withBias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = param("weight", outFeatures, inFeatures);
        this.bias = withBias ? param("bias", outFeatures) : null;
    }

    /** x: (..., in) -> (..., out); the result lives in x's manager. */
    @Override
    public NDArray forward(NDArray x) {
        return SamOps.linear(x, v(weight), bias == null ? null : v(bias));
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public boolean isAffine() {
        return true;
    }

    @Override
    public NDArray affineWeight(NDArray like) {
        return weight();
    }

    @Override
    public NDArray affineBias() {
        return bias();
    }

    /** The (out, in) weight, for callers that fuse this layer into another op. */
    public NDArray weight() {
        return v(weight);
    }

    /** The bias, or null when the layer has none. */
    public NDArray bias() {
        return bias == null ? null : v(bias);
    }
}
