package org.samtune.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.samtune.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Saves a prediction's tensors as an .npz with the reference fixtures' member names
 * ({@code low_res_logits}, {@code iou_predictions}, {@code upscaled_logits}, {@code masks},
 * {@code image_embeddings}), so results can be compared with segment-anything in numpy directly.
 */
public final class PredictionFiles {
    private PredictionFiles() {}

    public static void writeNpz(Prediction p, float[] embedding, long[] embeddingShape, Path file) throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList list = new NDList();
            list.add(named(m.create(p.lowResLogits, new Shape(p.objects, p.masksPerObject, p.lowResSize, p.lowResSize)), "low_res_logits"));
            list.add(named(m.create(p.iouPredictions, new Shape(p.objects, p.masksPerObject)), "iou_predictions"));
            Shape full = new Shape(p.objects, p.masksPerObject, p.height, p.width);
            float[] upscaled = p.upscaledLogits();
            list.add(named(m.create(upscaled, full), "upscaled_logits"));
            boolean[] masks = new boolean[upscaled.length];
            for (int i = 0; i < masks.length; i++) {
                masks[i] = upscaled[i] > p.maskThreshold;
            }
            list.add(named(m.create(masks, full), "masks"));
            if (embedding != null) {
                list.add(named(m.create(embedding, new Shape(embeddingShape)), "image_embeddings"));
            }
            AtomicFiles.write(file, out -> list.encode(out, NDList.Encoding.NPZ));
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }
}
