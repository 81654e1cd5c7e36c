package org.samtune.model;

import ai.djl.ndarray.NDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image encoder: (B, 3, S, S) normalised input → (B, C, S/16, S/16) embeddings. SAM's ViT
 * ({@link ImageEncoderViT}) and MobileSAM's TinyViT ({@link ImageEncoderTinyViT}) implement it.
 */
public interface ImageEncoder {
    /** The embeddings, in the input's manager; temporaries freed. */
    default NDArray forward(NDArray input) {
        return encode(input, null);
    }

    /**
     * The forward pass keeping each stage's output by name (encoder specific; "image_embeddings" is
     * the result). The caller owns (closes) the arrays.
     */
    default Map<String, NDArray> forwardWithIntermediates(NDArray input) {
        Map<String, NDArray> sink = new LinkedHashMap<>();
        sink.put("image_embeddings", encode(input, sink));
        return sink;
    }

    /**
     * The forward pass: the embeddings (B, C, S/16, S/16) in the input's manager, temporaries freed;
     * each stage's output is also put in {@code sink} under its name when sink is not null.
     */
    NDArray encode(NDArray input, Map<String, NDArray> sink);
}
