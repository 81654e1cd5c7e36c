package org.samtune.model;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * An image encoder: (B, 3, S, S) normalised input → (B, C, S/16, S/16) embeddings. SAM's ViT
 * ({@link ImageEncoderViT}) and MobileSAM's TinyViT ({@link ImageEncoderTinyViT}) implement it.
 */
public interface ImageEncoder {
    /** The embeddings, in the input's manager; temporaries freed. */
    NDArray forward(NDArray input);

    /**
     * The forward pass keeping each stage's output by name (encoder specific; "image_embeddings" is
     * the result). The caller owns (closes) the arrays.
     */
    Map<String, NDArray> forwardWithIntermediates(NDArray input);
}
