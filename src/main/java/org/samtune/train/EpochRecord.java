package org.samtune.train;

/**
 * One finished epoch: a row of training_log.csv and a point of training_curve.png.
 *
 * @param epoch 0-based epoch
 * @param iteration optimizer steps done so far (all epochs)
 * @param loss mean training loss (Dice + CE) of the epoch's steps
 * @param lr learning rate of the epoch's last step
 * @param valDice finetune-SAM's validation Dice, NaN when the epoch was not validated
 * @param valLoss mean validation loss, NaN when not validated
 */
public record EpochRecord(int epoch, long iteration, double loss, double lr, double valDice, double valLoss) {

    public boolean validated() {
        return !Double.isNaN(valDice);
    }
}
