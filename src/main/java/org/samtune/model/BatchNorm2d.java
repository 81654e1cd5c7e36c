package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * torch.nn.BatchNorm2d, always in inference mode: {@code y = (x - running_mean) / sqrt(running_var + eps)
 * · weight + bias}. State dict: {@code weight}, {@code bias} (parameters), {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (buffers, int64 scalar for the last).
 *
 * <p>The running statistics are never updated here, in training as in inference. finetune-SAM calls
 * {@code sam.train()} every epoch, so its BatchNorm layers normalise with batch statistics and move
 * their running averages even where the encoder is frozen; SAM Tune keeps them as loaded (see
 * README, "vit_t"). {@code weight} and {@code bias} still receive gradients when they are trainable.
 */
public final class BatchNorm2d extends SamBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final double eps;

    public BatchNorm2d(int channels, double eps) {
        this.weight = param("weight", channels);
        this.bias = param("bias", channels);
        this.runningMean = buffer("running_mean", channels);
        this.runningVar = buffer("running_var", channels);
        buffer("num_batches_tracked"); // 0-d int64; only train-mode momentum=None would read it
        this.eps = eps;
    }

    /** Per-channel factor {@code weight / sqrt(running_var + eps)}, (C). */
    public NDArray scale() {
        return v(weight).div(v(runningVar).add((float) eps).sqrt());
    }

    /** Per-channel shift {@code bias - running_mean · scale}, (C). */
    public NDArray shift(NDArray scale) {
        return v(bias).sub(v(runningMean).mul(scale));
    }
}
