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
}
