package org.samtune.train;

import java.io.IOException;

/**
 * A source plus finetune-SAM's per-sample processing, with reproducible randomness: sample {@code index} of
 * {@code epoch} always gets the random stream {@link Seeds#forSample}(seed, epoch, index). Validate the source
 * first ({@link DatasetValidator#usable}).
 */
public final class TrainingDataset {

    private final SliceSource source;
    private final SamplePipeline pipeline;
    private final long seed;

    public TrainingDataset(SliceSource source, SamplePipeline pipeline, long seed) {
        this.source = source;
        this.pipeline = pipeline;
        this.seed = seed;
    }

    public int size() {
        return source.size();
    }

    public SliceSource source() {
        return source;
    }

    /**
     * The sample order of an epoch: finetune-SAM's train loader shuffles every epoch (shuffle=True), the val
     * loader does not. Seeded by (seed, epoch), so it is reproducible too.
     */
    public int[] epochOrder(int epoch, boolean shuffle) {
        int n = source.size();
        if (shuffle) {
            return Seeds.permutation(Seeds.forSample(seed, epoch, -1), n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Index batches of an epoch; the last, smaller batch is kept (drop_last=False), as in finetune-SAM. */
    public java.util.List<int[]> batches(int epoch, int batchSize, boolean shuffle) {
        int[] order = epochOrder(epoch, shuffle);
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < order.length; i += batchSize) {
            out.add(java.util.Arrays.copyOfRange(order, i, Math.min(order.length, i + batchSize)));
        }
        return out;
    }

    public TrainingSample get(int index, int epoch) throws IOException {
        return pipeline.process(source.imageName(index), source.loadImage(index), source.loadMask(index),
                Seeds.forSample(seed, epoch, index));
    }
}
