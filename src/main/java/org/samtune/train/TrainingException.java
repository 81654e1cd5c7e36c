package org.samtune.train;

/** Training cannot go on (non-finite loss or gradients, unusable settings); says where it happened. */
public final class TrainingException extends RuntimeException {
    private final int epoch;
    private final long iteration;

    public TrainingException(String message, int epoch, long iteration) {
        super(message);
        this.epoch = epoch;
        this.iteration = iteration;
    }

    /** 0-based epoch, or -1 when not known. */
    public int epoch() {
        return epoch;
    }

    /** 0-based global iteration (optimizer step), or -1 when not known. */
    public long iteration() {
        return iteration;
    }
}
