package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head self-attention of SAM's ViT blocks with decomposed relative position embeddings
 * (MViTv2). State dict: {@code rel_pos_h} (2H-1, hd), {@code rel_pos_w} (2W-1, hd), {@code qkv.*},
 * {@code proj.*}.
 *
 * <p>The attention matrix of a global block is large (vit_b: 12 heads × 4096² floats = 0.8 GB), and the
 * element-wise passes over it (relative-position add, softmax) are memory bound. It is therefore
 * computed in chunks of heads, or of query rows of one head, each at most {@link #chunkBytes()} big:
 * a chunk stays in cache between its matmul, add, softmax and matmul, and peak memory stays small.
 */
public final class ViTAttention extends SamBlock {
    /** Default attention-chunk size in bytes (tuned on a 2-core EPYC with 32 MiB L3). */
    public static final long DEFAULT_CHUNK_BYTES = 16L << 20;
    private static volatile long chunkBytes = DEFAULT_CHUNK_BYTES;

    private final Parameter relPosH;
    private final Parameter relPosW;
    private final LinearBlock qkv;
    private final ViTLinear proj;
    private final int numHeads;
    private final int headDim;
    private final int gridH;
    private final int gridW;
    private final float scale;

    /** The standard block: qkv is a plain {@code nn.Linear(dim, 3·dim)}. inputH/W: the token grid it attends over. */
    public ViTAttention(int dim, int numHeads, boolean qkvBias, boolean useRelPos, int inputH, int inputW) {
        this(dim, numHeads, useRelPos, inputH, inputW, new ViTLinear(dim, 3 * dim, qkvBias));
    }

    /** With a caller-supplied qkv projection (dim -> 3·dim), registered under the name {@code qkv}. */
    public ViTAttention(int dim, int numHeads, boolean useRelPos, int inputH, int inputW, LinearBlock qkvProjection) {
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("embed dim " + dim + " is not divisible by " + numHeads + " heads");
        }
        this.numHeads = numHeads;
        this.headDim = dim / numHeads;
        this.gridH = inputH;
        this.gridW = inputW;
        this.scale = (float) Math.pow(headDim, -0.5);
        // PyTorch lists a module's own parameters before its submodules' ones.
        this.relPosH = useRelPos ? param("rel_pos_h", 2L * inputH - 1, headDim) : null;
        this.relPosW = useRelPos ? param("rel_pos_w", 2L * inputW - 1, headDim) : null;
        this.qkv = child("qkv", qkvProjection);
        this.proj = child("proj", new ViTLinear(dim, dim, true));
    }

    /** Upper bound, in bytes, of one attention-matrix chunk (all attention blocks of this JVM). */
    public static long chunkBytes() {
        return chunkBytes;
    }

    public static void setChunkBytes(long bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("attention chunk must be at least 4096 bytes");
        }
        chunkBytes = bytes;
    }

    public LinearBlock qkv() {
        return qkv;
    }

    /** x: (B, H, W, C) -> (B, H, W, C). */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), h = s.get(1), w = s.get(2), c = s.get(3);
        long n = h * w, bh = b * numHeads;
        // (B, N, 3, nh, hd) -> (3, B·nh, N, hd): one copy, after which q, k, v are contiguous slabs.
        NDArray t = qkv.forward(x).reshape(b, n, 3, numHeads, headDim).transpose(2, 0, 3, 1, 4).reshape(3, bh, n, headDim);
        NDList qkvParts = t.split(3, 0); // split, not indexed: under autograd one concatenation backward
        NDArray q = qkvParts.get(0).squeeze(0);
        NDArray k = qkvParts.get(1).squeeze(0);
        NDArray v = qkvParts.get(2).squeeze(0);

        NDArray relH = null;
        NDArray relW = null;
        if (relPosH != null) {
            if (h != gridH || w != gridW) {
                // The reference would resize the tables by linear interpolation; SAM never needs that
                // because the encoder only ever runs at its configured image size.
                throw new IllegalArgumentException("attention built for a " + gridH + "x" + gridW + " grid got " + h + "x" + w);
            }
            NDManager m = x.getManager();
            NDArray rq = q.reshape(bh, h, w, headDim); // unscaled q, as in the reference
            // rel_h[g,i,j,kh] = Σ_c q[g,i,j,c] · Rh[i,kh,c]: one (B·nh·W, hd) @ (hd, kh) product per query row i.
            NDArray rh = relativeTable(v(relPosH), h, m);
            relH = rq.transpose(1, 0, 2, 3).reshape(h, bh * w, headDim).matMul(rh.transpose(0, 2, 1))
                    .reshape(h, bh, w, h).transpose(1, 0, 2, 3); // (B·nh, H, W, kh)
            // rel_w[g,i,j,kw] = Σ_c q[g,i,j,c] · Rw[j,kw,c]: batched over the query column j.
            NDArray rw = relativeTable(v(relPosW), w, m);
            relW = rq.transpose(2, 0, 1, 3).reshape(w, bh * h, headDim).matMul(rw.transpose(0, 2, 1))
                    .reshape(w, bh, h, w).transpose(1, 2, 0, 3); // (B·nh, H, W, kw)
        }

        NDArray qs = SamOps.mul(q, scale);
        NDArray kT = k.transpose(0, 2, 1);
        long rowBytes = w * n * 4L; // one query row of the grid against every key, one head
        long headBytes = h * rowBytes;
        long budget = chunkBytes;
        long headsPer = headBytes <= budget ? Math.max(1, budget / headBytes) : 1;
        long rowsPer = headBytes <= budget ? h : Math.max(1, budget / rowBytes);

        // Chunks are visited head-major then row-major, so their outputs concatenate into (B·nh·N, hd).
        // They are split off (not sliced): under autograd a split's backward is one concatenation,
        // where every slice's backward would zero-fill and copy a full-size gradient.
        long[] headCuts = cuts(bh, headsPer);
        NDList qHeads = qs.split(headCuts, 0);
        NDList kHeads = kT.split(headCuts, 0);
        NDList vHeads = v.split(headCuts, 0);
        NDList relHHeads = relH == null ? null : relH.split(headCuts, 0);
        NDList relWHeads = relW == null ? null : relW.split(headCuts, 0);
        long[] rowCuts = cuts(h, rowsPer);
        List<NDArray> parts = new ArrayList<>();
        for (int gi = 0; gi < qHeads.size(); gi++) {
            NDArray kTg = kHeads.get(gi);
            NDArray vg = vHeads.get(gi);
            NDList qRows = qHeads.get(gi).split(scaled(rowCuts, w), 1);
            NDList relHRows = relHHeads == null ? null : relHHeads.get(gi).split(rowCuts, 1);
            NDList relWRows = relWHeads == null ? null : relWHeads.get(gi).split(rowCuts, 1);
            for (int ri = 0; ri < qRows.size(); ri++) {
                NDArray qc = qRows.get(ri);
                NDArray o;
                try (NDScope chunk = new NDScope()) {
                    NDArray attn = qc.matMul(kTg); // (g, rows·W, N)
                    if (relHRows != null) {
                        long g = attn.getShape().get(0), rows = attn.getShape().get(1) / w;
                        NDArray grid = attn.reshape(g, rows, w, h, w); // view: (g, qh, qw, kh, kw)
                        NDArray bh5 = relHRows.get(ri).expandDims(4);
                        NDArray bw5 = relWRows.get(ri).expandDims(3);
                        // In place, also under autograd: out-of-place adds were ~6% faster per training
                        // step (no CopySlices clone of the chunk's gradient) but kept two attention-sized
                        // tensors per global block alive until the backward pass (vit_b LoRA step at 1024:
                        // peak RSS 15.6 GB instead of 9.3 GB).
                        grid.addi(bh5);
                        grid.addi(bw5);
                    }
                    o = attn.softmax(-1).matMul(vg).reshape(-1, headDim);
                    NDScope.unregister(o);
                }
                NDScope.register(o); // hand it to the enclosing scope, if any
                parts.add(o);
            }
        }
        NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
        // (B, nh, H, W, hd) -> (B, H, W, nh·hd)
        out = out.reshape(b, numHeads, h, w, headDim).transpose(0, 2, 3, 1, 4).reshape(b, h, w, c);
        return proj.forward(out);
    }

    /** Split points 0 < step < 2·step < ... < n (empty when one piece covers n). */
    private static long[] cuts(long n, long step) {
        int pieces = Math.toIntExact((n + step - 1) / step);
        long[] c = new long[pieces - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i + 1) * step;
        }
        return c;
    }

    private static long[] scaled(long[] cuts, long factor) {
        long[] c = new long[cuts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cuts[i] * factor;
        }
        return c;
    }

    /** R[i, j] = table[i - j + n - 1]: (n, n, hd), the reference's get_rel_pos for equal query/key sizes. */
    private static NDArray relativeTable(NDArray table, long n, NDManager m) {
        long[] idx = new long[(int) (n * n)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                idx[(int) (i * n + j)] = i - j + n - 1;
            }
        }
        NDArray index = SamOps.constant(m, idx, new Shape(n, n));
        return table.get(m, new NDIndex("{}", index));
    }
}
