package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * torch.nn.Embedding as SAM uses it: a table of learned vectors read whole (never looked up by index),
 * state-dict entry "weight" (num, dim).
 */
public final class LearnedEmbedding extends SamBlock {
    private final Parameter weight;

    public LearnedEmbedding(int num, int dim) {
        this.weight = param("weight", num, dim);
    }

    /** The table, (num, dim); owned by the model, never close it. */
    public NDArray weight() {
        return v(weight);
    }
}
