package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * A learned map from the last axis of a tensor to a new width: (..., in) -> (..., out).
 *
 * <p>The attention layers of the mask decoder hold their projections through this type, not through
 * {@link LinearLayer} directly, so that a parameter-efficient wrapper (for example LoRA, whose
 * finetune-SAM checkpoints nest the original layer as {@code q_proj.proj.weight}) can later replace a
 * plain projection without touching the attention code.
 */
public abstract class Projection extends SamBlock {
    /** x: (..., in) -> (..., out). */
    public abstract NDArray forward(NDArray x);

    public abstract int inFeatures();

    public abstract int outFeatures();
}
