package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU fast path of decoder-only fine-tuning: with a frozen image encoder, the embedding of a
 * given (augmented) image never changes, so it is computed once and the decoder trains on the cache.
 * That removes the encoder, by far the most expensive part, from every epoch but the first.
 *
 * <p>View {@code v} of sample {@code i} is the sample exactly as epoch {@code v} would produce it
 * (augmentation and prompts seeded by (seed, v, i)). Epoch {@code e} uses view {@code e mod K}: with
 * augmentation, K views give K different augmentations per image (K >= epochs reproduces the uncached
 * run exactly); without augmentation one view is all there is. Views are computed when first used.
 *
 * <p>Memory: one embedding per image and view (C x h x w float32: 4 MiB for SAM's 256 x 64 x 64), plus
 * the low-res target and prompts, in native memory owned by this cache.
 */
final class FrozenEncoderCache implements AutoCloseable {
    private final Trainer trainer;
    private final TrainingDataset dataset;
    private final int views;
    private final int batchSize;
    private final NDManager manager;
    private final List<List<NDArray>> embeddings = new ArrayList<>();
    private final List<List<TrainingSample>> samples = new ArrayList<>();

    FrozenEncoderCache(Trainer trainer, TrainingDataset dataset, int views, int batchSize, NDManager parent) {
        this.trainer = trainer;
        this.dataset = dataset;
        this.views = views;
        this.batchSize = batchSize;
        this.manager = parent.newSubManager();
        for (int v = 0; v < views; v++) {
            embeddings.add(null);
            samples.add(null);
        }
    }

    int viewOf(int epoch) {
        return epoch % views;
    }

    boolean has(int view) {
        return embeddings.get(view) != null;
    }

    /** Computes view {@code v} of every sample (the encoder runs in batches, without gradients). */
    void ensure(int view) throws IOException {
        if (has(view)) {
            return;
        }
        int n = dataset.size();
        List<NDArray> embs = new ArrayList<>(n);
        List<TrainingSample> kept = new ArrayList<>(n);
        for (int start = 0; start < n; start += batchSize) {
            List<TrainingSample> batch = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + batchSize); i++) {
                batch.add(dataset.get(i, view));
            }
            try (NDManager sub = manager.newSubManager()) {
                NDArray images = TrainingBatch.collate(sub, batch).get("image");
                NDArray emb = trainer.encodeNoGrad(images);
                for (int j = 0; j < batch.size(); j++) {
                    // a view into the batch tensor keeps its storage alive after the batch handle closes
                    NDArray one = emb.get(j);
                    one.attach(manager);
                    embs.add(one);
                }
            }
            for (TrainingSample s : batch) {
                // the image is not needed any more: keep the target and the prompts only
                kept.add(new TrainingSample(s.name(), 0, new float[0], new int[0], s.outSize(), s.lowResMask(), s.prompts()));
            }
        }
        embeddings.set(view, embs);
        samples.set(view, kept);
    }

    /** The batch of {@code indices} from view {@code view}, with its arrays in {@code sub}. */
    TrainingInput batch(NDManager sub, int[] indices, int view) throws IOException {
        ensure(view);
        NDList embs = new NDList(indices.length);
        List<TrainingSample> batch = new ArrayList<>(indices.length);
        for (int i : indices) {
            embs.add(embeddings.get(view).get(i));
            batch.add(samples.get(view).get(i));
        }
        NDArray stacked = NDArrays.stack(embs, 0);
        stacked.attach(sub);
        // collate of image-less samples: (B, 3, 0, 0) images, unused; targets and prompts as usual
        TrainingInput in = TrainingInput.of(TrainingBatch.collate(sub, batch));
        return in.withEmbeddings(stacked);
    }

    @Override
    public void close() {
        manager.close();
    }
}
