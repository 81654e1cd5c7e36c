package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * LoRA on the query and value projections of a TinyViT attention, respecting its head-interleaved qkv
 * layout (per head h: {@code [q_h | k_h | v_h]}, d channels each). With {@code ΔQ = B_q A_q} and
 * {@code ΔV = B_v A_v} (D × D, rows in head-major order: row h·d + i is channel i of head h):
 * <pre>
 *   out = W x + b;   out[h·3d + i] += (ΔQ x)[h·d + i];   out[h·3d + 2d + i] += (ΔV x)[h·d + i]
 * </pre>
 * so every head's query and value get the update and no key does. This is what finetune-SAM's LoRA
 * means to do; its own code ({@link LoraQkv}) adds to the first and last D channels instead, which on
 * TinyViT are whole heads' q, k and v (see README, "vit_t").
 *
 * <p>State dict: {@code qkv.weight/bias} (the frozen base), {@code head_a_q.weight} (r, D),
 * {@code head_b_q.weight} (D, r), {@code head_a_v.weight}, {@code head_b_v.weight}. The names differ from
 * finetune-SAM's {@code linear_*} on purpose: the two layouts compute different functions from the same
 * tensors, and the names tell a loader which one a checkpoint was trained with.
 */
public final class HeadwiseLoraQkv extends LinearBlock {
    private final ViTLinear qkv;
    private final ViTLinear aQ;
    private final ViTLinear bQ;
    private final ViTLinear aV;
    private final ViTLinear bV;
    private final int dim;
    private final int heads;

    public HeadwiseLoraQkv(int dim, int heads, int rank) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        if (dim % heads != 0) {
            throw new IllegalArgumentException("width " + dim + " is not divisible by " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        this.qkv = child("qkv", new ViTLinear(dim, 3 * dim, true));
        this.aQ = child("head_a_q", new ViTLinear(dim, rank, false));
        this.bQ = child("head_b_q", new ViTLinear(rank, dim, false));
        this.aV = child("head_a_v", new ViTLinear(dim, rank, false));
        this.bV = child("head_b_v", new ViTLinear(rank, dim, false));
    }

    /** The frozen base projection (D -> 3D). */
    public ViTLinear base() {
        return qkv;
    }

    /** x: (..., D) -> (..., 3D), in x's manager. */
    @Override
    public NDArray forward(NDArray x) {
        NDArray w = Scoped.keep(() -> {
            int d = dim / heads;
            NDArray dq = bQ.weight().matMul(aQ.weight()).reshape(heads, d, dim);
            NDArray dv = bV.weight().matMul(aV.weight()).reshape(heads, d, dim);
            // per head [ΔQ_h | 0 | ΔV_h] -> (3D, D) in the interleaved order of the qkv output
            NDArray delta = NDArrays.concat(new NDList(dq, dq.zerosLike(), dv), 1).reshape(3L * dim, dim);
            return qkv.weight().add(delta);
        });
        w.attach(x.getManager());
        return SamOps.linear(x, w, qkv.bias());
    }
}
