package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * A module that maps the last axis of a tensor linearly, like {@code torch.nn.Linear}. The encoder's
 * attention holds its qkv projection through this type so that a wrapped projection (for example
 * finetune-SAM's LoRA qkv, whose keys are {@code attn.qkv.qkv.weight}, {@code attn.qkv.linear_a_q.weight},
 * ...) can later take the plain linear layer's place without touching the attention code.
 */
public abstract class LinearBlock extends SamBlock {
    /** x: (..., in) -> (..., out). */
    public abstract NDArray forward(NDArray x);

    /**
     * Whether this layer is a single affine map {@code y = x Wᵀ + b} whose W and b
     * {@link #affineWeight} and {@link #affineBias} return. Inference may then re-associate products
     * through W (the mask decoder's attention does); wrappers that are not affine keep the default.
     */
    public boolean isAffine() {
        return false;
    }

    /**
     * The effective (out, in) weight of an affine layer. A tensor built for the call lives in
     * {@code like}'s manager; a stored parameter is returned as is (do not close it).
     */
    public NDArray affineWeight(NDArray like) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not a plain affine layer");
    }

    /** The effective bias (out) of an affine layer, or null when it has none. */
    public NDArray affineBias() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not a plain affine layer");
    }
}
