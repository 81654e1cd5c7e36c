package org.samtune.train;

/**
 * Prompt sampling for prompt-mode training (finetune-SAM utils/funcs.py, used with {@code region_type='largest_3'}).
 *
 * @param mode points, boxes, or both (hybrid: finetune-SAM's is broken; here box and points on the same regions)
 * @param randomRegion {@code region_type='random'}: one random region (1 point / 1 box) instead of the largest k
 * @param largestK k of {@code 'largest_k'} (3)
 * @param promptNum positive points spread over the chosen regions (5); 0 or less: random in 1..maxPromptNum
 * @param maxPromptNum the point list is padded to this length by repeating the last point (8)
 * @param distThreRatio points come from the deepest {@code ratio} of each region's pixels (0.1); also the box
 *     jitter: each side moves outward by U[0,1) * ratio * extent
 * @param negativePoints extension (not in finetune-SAM): background points with label 0, appended after the
 *     padded positives
 * @param negativeMargin extension: negatives are drawn from background inside the chosen regions' bounding box
 *     grown by this fraction of its size on each side (falling back to all background)
 */
public record PromptConfig(Mode mode, boolean randomRegion, int largestK, int promptNum, int maxPromptNum,
                           double distThreRatio, int negativePoints, double negativeMargin) {

    public enum Mode { POINT, BOX, HYBRID }

    public PromptConfig {
        if (largestK < 1 || maxPromptNum < 1 || (promptNum > maxPromptNum) || negativePoints < 0) {
            throw new IllegalArgumentException("bad prompt configuration");
        }
    }

    /** finetune-SAM point prompts: largest_3, 5 points padded to 8, deepest 10 %. */
    public static PromptConfig points() {
        return new PromptConfig(Mode.POINT, false, 3, 5, 8, 0.1, 0, 0.1);
    }

    /** finetune-SAM box prompts (SingleGPU_train_finetune_box.py): the 3 largest regions, 0-10 % outward jitter. */
    public static PromptConfig boxes() {
        return new PromptConfig(Mode.BOX, false, 3, 5, 8, 0.1, 0, 0.1);
    }

    /** Box and points on the same regions (extension). */
    public static PromptConfig hybrid() {
        return new PromptConfig(Mode.HYBRID, false, 3, 5, 8, 0.1, 0, 0.1);
    }

    public PromptConfig withNegatives(int n) {
        return new PromptConfig(mode, randomRegion, largestK, promptNum, maxPromptNum, distThreRatio, n, negativeMargin);
    }

    public PromptConfig withRandomRegion() {
        return new PromptConfig(mode, true, largestK, promptNum, maxPromptNum, distThreRatio, negativePoints, negativeMargin);
    }
}
