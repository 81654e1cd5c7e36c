package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * finetune-SAM's LoRA on an encoder block's fused qkv projection (sam_LoRa._LoRA_qkv, from SAMed):
 * <pre>
 *   out = W x + b                      (W: (3D, D), the frozen base layer)
 *   out[..., :D]  += B_q (A_q x)       (query slice)
 *   out[..., -D:] += B_v (A_v x)       (value slice; the key slice is untouched)
 * </pre>
 * A: (r, D), B: (D, r), both bias-free; no alpha/r scaling, no dropout. Registered as the attention's
 * {@code qkv} child, so the state dict reads {@code attn.qkv.qkv.weight/bias},
 * {@code attn.qkv.linear_a_q.weight}, {@code linear_b_q}, {@code linear_a_v}, {@code linear_b_v}.
 *
 * <p>The low-rank terms are folded into the weight before the product ({@code W + [B_q A_q; 0; B_v A_v]},
 * a (3D, D) matrix costing 2·D²·r flops) so that the token-sized work stays one matmul; autograd
 * carries the gradient through the sum to A and B.
 */
public final class LoraQkv extends LinearBlock {
    private final ViTLinear qkv;
    private final ViTLinear aQ;
    private final ViTLinear bQ;
    private final ViTLinear aV;
    private final ViTLinear bV;

    public LoraQkv(int dim, boolean qkvBias, int rank) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        // torch order: the wrapped linear first, then the adapters in constructor order
        this.qkv = child("qkv", new ViTLinear(dim, 3 * dim, qkvBias));
        this.aQ = child("linear_a_q", new ViTLinear(dim, rank, false));
        this.bQ = child("linear_b_q", new ViTLinear(rank, dim, false));
        this.aV = child("linear_a_v", new ViTLinear(dim, rank, false));
        this.bV = child("linear_b_v", new ViTLinear(rank, dim, false));
    }

    /** The frozen base projection (D -> 3D). */
    public ViTLinear base() {
        return qkv;
    }

    /** x: (..., D) -> (..., 3D), in x's manager. */
    @Override
    public NDArray forward(NDArray x) {
        NDArray w = Scoped.keep(() -> {
            NDArray wq = bQ.weight().matMul(aQ.weight()); // (D, D)
            NDArray wv = bV.weight().matMul(aV.weight()); // (D, D)
            NDArray zeros = wq.zerosLike(); // the key slice gets no update
            return qkv.weight().add(NDArrays.concat(new NDList(wq, zeros, wv), 0)); // (3D, D)
        });
        w.attach(x.getManager()); // and otherwise with the input, not with the model's weights
        return SamOps.linear(x, w, qkv.bias());
    }
}
