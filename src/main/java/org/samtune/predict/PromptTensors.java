package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.samtune.model.SamConfig;

import java.util.List;
import java.util.Locale;

/**
 * A batch of prompts as the prompt encoder's tensors, in model-input pixel coordinates: coords
 * (B, N, 2), labels (B, N), boxes (B, 4), masks (B, 1, 4E, 4E); null where absent.
 */
final class PromptTensors {
    NDArray coords;
    NDArray labels;
    NDArray boxes;
    NDArray masks;

    /** Rejects prompts SAM cannot batch or that lie outside the image, with a message saying which. */
    static void check(List<Prompt> objects, int width, int height, SamConfig config) {
        Prompt first = objects.get(0);
        int maskSide = 4 * config.imageEmbeddingSize[0];
        for (int i = 0; i < objects.size(); i++) {
            Prompt p = objects.get(i);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("Object " + (i + 1) + " has no prompt (give points, a box or a mask input)");
            }
            if (p.points().size() != first.points().size() || p.hasBox() != first.hasBox() || p.hasMaskInput() != first.hasMaskInput()) {
                throw new IllegalArgumentException("Objects prompted together must have the same kind of prompt "
                        + "(same number of points, all or none with a box, all or none with a mask input)");
            }
            for (Prompt.Point pt : p.points()) {
                if (!(pt.x >= 0 && pt.x <= width && pt.y >= 0 && pt.y <= height)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "Point (%s, %s) lies outside the %dx%d image", pt.x, pt.y, width, height));
                }
            }
            if (p.hasBox()) {
                float[] b = p.box();
                if (b[2] <= 0 || b[3] <= 0 || b[0] >= width || b[1] >= height) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "Box (%s, %s, %s, %s) lies outside the %dx%d image", b[0], b[1], b[2], b[3], width, height));
                }
            }
            if (p.hasMaskInput() && p.maskInputSide() != maskSide) {
                throw new IllegalArgumentException("Mask input must be " + maskSide + "x" + maskSide
                        + " low-res logits for this model, got " + p.maskInputSide() + "x" + p.maskInputSide());
            }
        }
    }

    static PromptTensors build(NDManager manager, List<Prompt> objects, int width, int height, SamConfig config, InputPreprocessing preprocessing) {
        int b = objects.size();
        Prompt first = objects.get(0);
        PromptTensors t = new PromptTensors();
        int n = first.points().size();
        if (n > 0) {
            float[][] xy = new float[b * n][];
            float[] labels = new float[b * n];
            for (int i = 0; i < b; i++) {
                List<Prompt.Point> pts = objects.get(i).points();
                for (int j = 0; j < n; j++) {
                    xy[i * n + j] = new float[] {pts.get(j).x, pts.get(j).y};
                    labels[i * n + j] = pts.get(j).label;
                }
            }
            t.coords = manager.create(flatten(toModel(xy, width, height, config, preprocessing)), new Shape(b, n, 2));
            t.labels = manager.create(labels, new Shape(b, n));
        }
        if (first.hasBox()) {
            float[][] boxes = new float[b][];
            for (int i = 0; i < b; i++) {
                float[] box = objects.get(i).box();
                boxes[i] = new float[] {box[0], box[1], box[2], box[3]};
            }
            float[][] model = toModelBoxes(boxes, width, height, config, preprocessing);
            t.boxes = manager.create(flatten(model), new Shape(b, 4));
        }
        if (first.hasMaskInput()) {
            int side = first.maskInputSide();
            float[] all = new float[b * side * side];
            for (int i = 0; i < b; i++) {
                System.arraycopy(objects.get(i).maskInput(), 0, all, i * side * side, side * side);
            }
            t.masks = manager.create(all, new Shape(b, 1, side, side));
        }
        return t;
    }

    /** Original pixel (x, y) to model-input pixels: SAM scales both axes by one factor; finetune-SAM stretches. */
    private static float[][] toModel(float[][] xy, int width, int height, SamConfig config, InputPreprocessing p) {
        if (p == InputPreprocessing.SAM) {
            return new ResizeLongestSide(config.imgSize).applyCoords(xy, height, width);
        }
        float[][] out = new float[xy.length][];
        double sx = (double) config.imgSize / width;
        double sy = (double) config.imgSize / height;
        for (int i = 0; i < xy.length; i++) {
            out[i] = new float[] {(float) (xy[i][0] * sx), (float) (xy[i][1] * sy)};
        }
        return out;
    }

    private static float[][] toModelBoxes(float[][] boxes, int width, int height, SamConfig config, InputPreprocessing p) {
        if (p == InputPreprocessing.SAM) {
            return new ResizeLongestSide(config.imgSize).applyBoxes(boxes, height, width);
        }
        float[][] corners = new float[boxes.length * 2][];
        for (int i = 0; i < boxes.length; i++) {
            corners[2 * i] = new float[] {boxes[i][0], boxes[i][1]};
            corners[2 * i + 1] = new float[] {boxes[i][2], boxes[i][3]};
        }
        float[][] mapped = toModel(corners, width, height, config, p);
        float[][] out = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            out[i] = new float[] {mapped[2 * i][0], mapped[2 * i][1], mapped[2 * i + 1][0], mapped[2 * i + 1][1]};
        }
        return out;
    }

    private static float[] flatten(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * cols, cols);
        }
        return out;
    }
}
