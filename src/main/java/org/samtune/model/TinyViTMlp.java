package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;

/** TinyViT's MLP, which normalises its own input: {@code fc2(GELU(fc1(LayerNorm(x))))}. State dict: {@code norm.*}, {@code fc1.*}, {@code fc2.*}. */
public final class TinyViTMlp extends SamBlock {
    private final ViTLayerNorm norm;
    private final ViTLinear fc1;
    private final ViTLinear fc2;

    /** Largest hidden activation per inference chunk. */
    private long chunkBytes = 8L << 20;

    private final int hidden;

    public TinyViTMlp(int dim, int hidden, double layerNormEps) {
        this.hidden = hidden;
        this.norm = child("norm", new ViTLayerNorm(dim, layerNormEps));
        this.fc1 = child("fc1", new ViTLinear(dim, hidden, true));
        this.fc2 = child("fc2", new ViTLinear(hidden, dim, true));
    }

    /**
     * x: (..., C) -> (..., C). Inference on a large grid runs in chunks of rows (axis 1 of (B, H, W, C)):
     * the hidden activations of a 128 x 128 x 512 stage-1 grid are 32 MiB, a size glibc serves with a
     * fresh mmap each time (faulted in, zeroed, returned); chunks stay below it and in cache. The MLP is
     * per token, so the result is the same.
     */
    public NDArray forward(NDArray x) {
        long hiddenBytes = x.getShape().size() / x.getShape().getLastDimension() * hidden * Float.BYTES;
        if (JniUtils.isGradMode() || x.getShape().dimension() != 4 || hiddenBytes <= chunkBytes) {
            return mlp(x);
        }
        long rows = x.getShape().get(1);
        long chunks = Math.min(rows, (hiddenBytes + chunkBytes - 1) / chunkBytes);
        return RowBands.compute(rows, (rows + chunks - 1) / chunks, x,
                (r0, r1) -> mlp(x.get(new NDIndex(":, {}:{}", r0, r1))));
    }

    /** Chunk size of the inference path (tests use tiny chunks on tiny grids). */
    void setChunkBytes(long bytes) {
        this.chunkBytes = bytes;
    }

    private NDArray mlp(NDArray x) {
        return fc2.forward(SamOps.gelu(fc1.forward(norm.forward(x))));
    }

}
