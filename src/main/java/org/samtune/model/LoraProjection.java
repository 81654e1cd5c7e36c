package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * finetune-SAM's LoRA on a mask-decoder attention projection (sam_LoRa._LoRA_qkv_proj):
 * {@code y = W x + b + B (A x)}, A: (r, in), B: (out, r), bias-free, no scaling. Wraps q_proj and v_proj
 * of every decoder attention; state dict {@code proj.weight/bias} (the frozen base layer),
 * {@code w_a.weight}, {@code w_b.weight}. As in {@link LoraQkv}, B·A is folded into the weight first.
 */
public final class LoraProjection extends LinearBlock {
    private final ViTLinear proj;
    private final ViTLinear wA;
    private final ViTLinear wB;

    public LoraProjection(int in, int out, int rank) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        this.proj = child("proj", new ViTLinear(in, out, true));
        this.wA = child("w_a", new ViTLinear(in, rank, false));
        this.wB = child("w_b", new ViTLinear(rank, out, false));
    }

    /** The frozen base projection. */
    public ViTLinear base() {
        return proj;
    }

    /** x: (..., in) -> (..., out), in x's manager. */
    @Override
    public NDArray forward(NDArray x) {
        return SamOps.linear(x, affineWeight(x), proj.bias());
    }

    @Override
    public boolean isAffine() {
        return true;
    }

    /** W + B·A (out, in), freed with the caller's scope or else with {@code like}'s manager. */
    @Override
    public NDArray affineWeight(NDArray like) {
        NDArray w = Scoped.keep(() -> proj.weight().add(wB.weight().matMul(wA.weight()))); // (out, in)
        w.attach(like.getManager()); // and otherwise with the input, not with the model's weights
        return w;
    }

    @Override
    public NDArray affineBias() {
        return proj.bias();
    }
}
