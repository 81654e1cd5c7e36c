package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Collates samples into the tensors finetune-SAM's DataLoader yields (default collate: stacked along a new batch
 * axis). Names in the returned list: {@code image} (B,3,S,S) float32, {@code mask} (B,1,S,S) int64,
 * {@code low_res_mask} (B,1,out,out) int64 (finetune-SAM computes this in its loop), and, when present,
 * {@code point_coords} (B,N,2) float32, {@code point_labels} (B,N) float32, {@code boxes} (B,K,4) float32.
 */
public final class TrainingBatch {

    private TrainingBatch() {}

    public static NDList collate(NDManager manager, List<TrainingSample> samples) {
        int b = samples.size();
        if (b == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        TrainingSample first = samples.get(0);
        int s = first.size();
        int o = first.outSize();
        float[] img = new float[b * 3 * s * s];
        long[] msk = new long[b * s * s];
        long[] low = new long[b * o * o];
        for (int i = 0; i < b; i++) {
            TrainingSample t = samples.get(i);
            if (t.size() != s || t.outSize() != o) {
                throw new IllegalArgumentException("samples of different sizes in one batch");
            }
            System.arraycopy(t.image(), 0, img, i * 3 * s * s, 3 * s * s);
            for (int k = 0; k < s * s; k++) {
                msk[i * s * s + k] = t.mask()[k];
            }
            for (int k = 0; k < o * o; k++) {
                low[i * o * o + k] = t.lowResMask()[k];
            }
        }
        NDList out = new NDList();
        out.add(named(manager.create(img, new Shape(b, 3, s, s)), "image"));
        out.add(named(manager.create(msk, new Shape(b, 1, s, s)), "mask"));
        out.add(named(manager.create(low, new Shape(b, 1, o, o)), "low_res_mask"));
        Prompts p0 = first.prompts();
        if (p0 != null && p0.pointCoords() != null) {
            int n = p0.numPoints();
            float[] pc = new float[b * n * 2];
            float[] pl = new float[b * n];
            for (int i = 0; i < b; i++) {
                Prompts p = samples.get(i).prompts();
                if (p == null || p.numPoints() != n) {
                    throw new IllegalArgumentException("samples with different point counts in one batch");
                }
                System.arraycopy(p.pointCoords(), 0, pc, i * n * 2, n * 2);
                System.arraycopy(p.pointLabels(), 0, pl, i * n, n);
            }
            out.add(named(manager.create(pc, new Shape(b, n, 2)), "point_coords"));
            out.add(named(manager.create(pl, new Shape(b, n)), "point_labels"));
        }
        if (p0 != null && p0.boxes() != null) {
            int k = p0.numBoxes();
            float[] bx = new float[b * k * 4];
            for (int i = 0; i < b; i++) {
                Prompts p = samples.get(i).prompts();
                if (p == null || p.numBoxes() != k) {
                    throw new IllegalArgumentException("samples with different box counts in one batch");
                }
                System.arraycopy(p.boxes(), 0, bx, i * k * 4, k * 4);
            }
            out.add(named(manager.create(bx, new Shape(b, k, 4)), "boxes"));
        }
        return out;
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }
}
