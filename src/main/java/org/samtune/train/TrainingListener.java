package org.samtune.train;

/**
 * Progress of a fine-tuning run, called on the training thread (keep the work short; hand it to a UI
 * thread where needed). Every method has an empty default.
 */
public interface TrainingListener {

    /**
     * After each optimizer step.
     *
     * @param epoch 0-based epoch
     * @param iteration 0-based global step just done
     * @param totalIterations steps of the whole run (epochs x steps per epoch; early stopping may end it sooner)
     * @param loss this step's loss
     * @param lr rate used by this step
     * @param etaSeconds estimated time to the last epoch's end, from this run's speed so far
     */
    default void onIteration(int epoch, long iteration, long totalIterations, double loss, double lr, double etaSeconds) {}

    /** After each epoch (validation, checkpoints and logs written). */
    default void onEpoch(EpochRecord record, double bestDice, int bestEpoch, double etaSeconds) {}

    /** Status lines ("computing image embeddings", "early stop", "resuming after epoch 3"). */
    default void onMessage(String message) {}
}
