package org.samtune.eval;

/**
 * The smoothed Dice that finetune-SAM reports during training and validation, kept apart from
 * {@link SegmentationMetrics#dice} because it is not the same number: (2|P∩G| + 1) / (|P| + |G| + 1). The +1 makes
 * two empty masks score 1 and pulls small structures towards 1, so values are not comparable with plain Dice.
 */
public final class TrainingDice {
    private TrainingDice() {}

    /** (2|P∩G| + 1) / (|P| + |G| + 1) for binary masks. */
    public static double smoothed(boolean[] pred, boolean[] gt) {
        long[] c = SegmentationMetrics.counts(pred, gt); // |P|, |G|, |P∩G|
        return (2.0 * c[2] + 1.0) / (c[0] + c[1] + 1.0);
    }

    /** Soft version for probabilities or 0/1 floats: (2 sum(p*g) + 1) / (sum(p) + sum(g) + 1). */
    public static double smoothed(float[] pred, float[] gt) {
        MaskGrid.checkSameLength(pred.length, gt.length);
        double p = 0;
        double g = 0;
        double both = 0;
        for (int i = 0; i < pred.length; i++) {
            p += pred[i];
            g += gt[i];
            both += (double) pred[i] * gt[i];
        }
        return (2.0 * both + 1.0) / (p + g + 1.0);
    }

    /**
     * finetune-SAM's validation Dice of one label image (its {@code dice_coeff_multi_class}): the smoothed Dice of
     * {@code pred == c} against {@code gt == c} averaged over c = 0 .. numClasses-1, background included. For a
     * batch, finetune-SAM averages these per-image values over the images.
     */
    public static double multiClass(int[] pred, int[] gt, int numClasses) {
        MaskGrid.checkSameLength(pred.length, gt.length);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        double sum = 0;
        for (int c = 0; c < numClasses; c++) {
            sum += smoothed(SegmentationMetrics.classMask(pred, c), SegmentationMetrics.classMask(gt, c));
        }
        return sum / numClasses;
    }
}
