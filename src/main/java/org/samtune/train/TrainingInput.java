package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One batch as the model consumes it. Either {@code images} (the encoder runs) or {@code embeddings}
 * (precomputed by a frozen encoder) is set. All arrays should live in one per-iteration manager that
 * the caller closes: the step's temporaries and results go there.
 *
 * @param images (B, 3, S, S) normalised model input, or null
 * @param embeddings (B, C, h, w) image embeddings, or null
 * @param labels (B, 1, o, o) or (B, o, o) integer class ids at the low-res output size
 * @param pointCoords (B, N, 2) point prompts in model-input pixels, or null
 * @param pointLabels (B, N), or null
 * @param boxes (B, K, 4) box prompts in model-input pixels, or null; the K boxes of a sample drive
 *     one mask (finetune-SAM's box mode: 2K sparse tokens)
 */
public record TrainingInput(NDArray images, NDArray embeddings, NDArray labels, NDArray pointCoords,
                            NDArray pointLabels, NDArray boxes) {

    public TrainingInput {
        if ((images == null) == (embeddings == null)) {
            throw new IllegalArgumentException("give either images or embeddings");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels are required");
        }
    }

    /** From {@link TrainingBatch#collate}'s list (image, low_res_mask, optional prompts). */
    public static TrainingInput of(NDList collated) {
        return new TrainingInput(collated.get("image"), null, collated.get("low_res_mask"),
                collated.contains("point_coords") ? collated.get("point_coords") : null,
                collated.contains("point_labels") ? collated.get("point_labels") : null,
                collated.contains("boxes") ? collated.get("boxes") : null);
    }

    /** The same batch with embeddings in place of images. */
    public TrainingInput withEmbeddings(NDArray emb) {
        return new TrainingInput(null, emb, labels, pointCoords, pointLabels, boxes);
    }

    public long batchSize() {
        return labels.getShape().get(0);
    }
}
