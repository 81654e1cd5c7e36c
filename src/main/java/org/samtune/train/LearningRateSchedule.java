package org.samtune.train;

/**
 * finetune-SAM's learning rate: with warm-up, linear ramp over {@code warmup} iterations, then
 * polynomial decay {@code base·(1 - (k - warmup)/maxIterations)^0.9} (the denominator is the full
 * iteration budget, as in the reference, so the rate never reaches zero); without warm-up a
 * constant rate. {@link #lrForStep(long)} gives the rate USED by optimizer step k (0-based): the
 * reference sets the rate after each step, so step 0 runs at base/warmup and step k ≤ warmup at
 * base·k/warmup.
 */
public final class LearningRateSchedule {
    private final double baseLr;
    private final int warmup;
    private final long maxIterations;

    public LearningRateSchedule(double baseLr, int warmup, long maxIterations) {
        this.baseLr = baseLr;
        this.warmup = warmup;
        this.maxIterations = Math.max(1, maxIterations);
    }

    public double lrForStep(long k) {
        if (warmup <= 0) {
            return baseLr;
        }
        if (k == 0) {
            return baseLr / warmup; // the optimizer was created with lr/warmup
        }
        return lrAfterStep(k - 1);
    }

    /** The rate the reference sets after finishing step {@code iter}. */
    private double lrAfterStep(long iter) {
        if (iter < warmup) {
            return baseLr * (iter + 1) / warmup;
        }
        double frac = 1.0 - (double) (iter - warmup) / maxIterations;
        return baseLr * Math.pow(Math.max(frac, 0.0), 0.9);
    }
}
