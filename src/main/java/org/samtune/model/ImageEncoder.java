package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** An image encoder: (B, 3, S, S) normalised input → (B, C, S/16, S/16) embeddings. ViT and TinyViT implement it. */
public interface ImageEncoder {
    NDArray forward(NDArray input);
}
