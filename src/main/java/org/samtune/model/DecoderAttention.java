package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The mask decoder's multi-head attention (segment-anything transformer.Attention). Unlike a plain
 * MHA, q/k/v are projected to {@code dim / downsampleRate} channels before being split into heads,
 * which keeps the token-image cross attention cheap, and out_proj maps back to {@code dim}.
 *
 * <p>Children: q_proj, k_proj, v_proj, out_proj (each a {@link LinearBlock} from a
 * {@link ProjectionFactory}, so fine-tuning methods may wrap them; finetune-SAM's LoRA renames
 * q_proj.weight to q_proj.proj.weight).
 */
public final class DecoderAttention extends SamBlock {
    private final int numHeads;
    private final int internalDim;
    private final LinearBlock qProj;
    private final LinearBlock kProj;
    private final LinearBlock vProj;
    private final LinearBlock outProj;

    public DecoderAttention(int dim, int numHeads, int downsampleRate, ProjectionFactory projections) {
        this.numHeads = numHeads;
        this.internalDim = dim / downsampleRate;
        if (internalDim % numHeads != 0) {
            throw new IllegalArgumentException("num_heads (" + numHeads + ") must divide the internal dim " + internalDim);
        }
        this.qProj = child("q_proj", projections.create("q_proj", dim, internalDim));
        this.kProj = child("k_proj", projections.create("k_proj", dim, internalDim));
        this.vProj = child("v_proj", projections.create("v_proj", dim, internalDim));
        this.outProj = child("out_proj", projections.create("out_proj", internalDim, dim));
    }

    /** q: (B, Nq, dim), k: (B, Nk, dim), v: (B, Nk, dim) -> (B, Nq, dim). */
    public NDArray forward(NDArray q, NDArray k, NDArray v) {
        NDArray qh = separateHeads(qProj.forward(q));
        NDArray kh = separateHeads(kProj.forward(k));
        NDArray vh = separateHeads(vProj.forward(v));
        float scale = (float) Math.sqrt(internalDim / numHeads);
        NDArray attn;
        if (kh.getShape().get(2) < qh.getShape().get(2)) {
            // Image cells attending to a handful of tokens: build the scores as (B, h, Nk, Nq) and
            // normalise over axis 2. The same numbers, but softmax over a last axis of length ~7 is
            // several times slower in libtorch than over a long trailing axis.
            attn = kh.matMul(qh.transpose(0, 1, 3, 2)).div(scale).softmax(2).transpose(0, 1, 3, 2);
        } else {
            // (B, h, Nq, c) @ (B, h, c, Nk) -> (B, h, Nq, Nk), scaled after the product as in the reference
            attn = qh.matMul(kh.transpose(0, 1, 3, 2)).div(scale).softmax(-1);
        }
        NDArray out = attn.matMul(vh); // (B, h, Nq, c)
        Shape s = out.getShape();
        out = out.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), internalDim);
        return outProj.forward(out);
    }

    /** (B, N, h*c) -> (B, h, N, c). */
    private NDArray separateHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), numHeads, s.get(2) / numHeads).transpose(0, 2, 1, 3);
    }
}
