package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.samtune.model.SamOps;

/**
 * finetune-SAM's training loss: MONAI {@code DiceLoss(sigmoid=True, squared_pred=True, to_onehot_y=True)}
 * plus {@code nn.CrossEntropyLoss()}, weighted 1:1.
 *
 * <p>Dice is computed per (image, channel) on sigmoid probabilities (not softmax), background channel
 * included, with smoothing 1e-5 in numerator and denominator, then averaged over batch and channels:
 * {@code 1 - (2 Σ s·t + 1e-5) / (Σ t² + Σ s² + 1e-5)}. Cross-entropy is softmax over channels,
 * averaged over all pixels.
 */
public final class SegmentationLoss {
    public static final float SMOOTH = 1e-5f;

    /** The two terms and their sum (scalars, still attached to the autograd graph). */
    public static final class Terms {
        public final NDArray dice;
        public final NDArray crossEntropy;
        public final NDArray total;

        Terms(NDArray dice, NDArray crossEntropy) {
            this.dice = dice;
            this.crossEntropy = crossEntropy;
            this.total = dice.add(crossEntropy);
        }
    }

    private SegmentationLoss() {}

    /**
     * @param logits (B, C, h, w) mask logits, channel k = class k
     * @param labels (B, h, w) integer class ids in [0, C)
     */
    public static Terms compute(NDArray logits, NDArray labels) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        // (B, h, w) -> (B, h, w, C) -> (B, C, h, w)
        NDArray target = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false)
                .transpose(0, 3, 1, 2);
        NDArray probs = Activation.sigmoid(logits);
        int[] spatial = {2, 3};
        NDArray intersection = probs.mul(target).sum(spatial);
        NDArray denominator = target.square().sum(spatial).add(probs.square().sum(spatial));
        NDArray dice = SamOps.mul(intersection, 2f).add(SMOOTH).div(denominator.add(SMOOTH)).neg().add(1f).mean();
        NDArray logProbs = logits.logSoftmax(1);
        NDArray crossEntropy = logProbs.mul(target).sum(new int[] {1}).neg().mean();
        return new Terms(dice, crossEntropy);
    }
}
