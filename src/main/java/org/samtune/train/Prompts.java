package org.samtune.train;

/**
 * Prompts for one sample, in pixel coordinates of the model input frame (1024).
 *
 * @param pointCoords N x 2 (x = column, y = row) flattened, or null; finetune-SAM: N = 8
 * @param pointLabels N: 1 positive, 0 negative (extension), -1 padding (empty mask), or null
 * @param boxes K x 4 (x0, y0, x1, y1) flattened, or null; finetune-SAM: K = 3 (largest_3)
 */
public record Prompts(float[] pointCoords, float[] pointLabels, float[] boxes) {

    public int numPoints() {
        return pointLabels == null ? 0 : pointLabels.length;
    }

    public int numBoxes() {
        return boxes == null ? 0 : boxes.length / 4;
    }
}
