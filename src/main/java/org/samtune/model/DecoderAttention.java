package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The mask decoder's multi-head attention (segment-anything transformer.Attention). Unlike a plain
 * MHA, q/k/v are projected to {@code dim / downsampleRate} channels before being split into heads,
 * which keeps the token-image cross attention cheap, and out_proj maps back to {@code dim}.
 *
 * <p>Children: q_proj, k_proj, v_proj, out_proj (each a {@link LinearBlock} from a
 * {@link ProjectionFactory}, so fine-tuning methods may wrap them; finetune-SAM's LoRA renames
 * q_proj.weight to q_proj.proj.weight).
 *
 * <p>Inference fast path: in the cross attentions one side has N = H·W image cells (4096) and the
 * other only T prompt/output tokens (~7). The reference projects all N cells through two (Di, dim)
 * matrices; with gradients off and affine projections, the products are re-associated so that the
 * projection matrices meet the T tokens instead, and the image side enters only through products of
 * size N·dim·(heads·T). Same function, about heads·T / Di of the work (56 / 128 for vit_b).
 */
public final class DecoderAttention extends SamBlock {
    /** Which computation {@link #forward} uses. */
    public enum Path {
        /** Always the reference order of operations (the one training differentiates). */
        STANDARD,
        /** The re-associated cross attention when gradients are off, the projections are affine and it is cheaper. */
        AUTO,
        /** As AUTO, but whenever it applies, even where it is not cheaper (tests). */
        REASSOCIATED
    }

    private final int numHeads;
    private final int internalDim;
    private final LinearBlock qProj;
    private final LinearBlock kProj;
    private final LinearBlock vProj;
    private final LinearBlock outProj;
    private Path path = Path.AUTO;

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

    public void setPath(Path path) {
        this.path = path;
    }

    /** q: (B, Nq, dim), k: (B, Nk, dim), v: (B, Nk, dim) -> (B, Nq, dim). */
    public NDArray forward(NDArray q, NDArray k, NDArray v) {
        if (path != Path.STANDARD && !JniUtils.isGradMode() && affine()) {
            long nq = q.getShape().get(1), nk = k.getShape().get(1);
            boolean always = path == Path.REASSOCIATED;
            if (nq < nk && (always || numHeads * nq < internalDim)) {
                return tokensToImage(q, k, v);
            }
            if (nk < nq && (always || numHeads * nk < internalDim)) {
                return imageToTokens(q, k, v);
            }
        }
        NDArray qh = separateHeads(qProj.forward(q));
        NDArray kh = separateHeads(kProj.forward(k));
        NDArray vh = separateHeads(vProj.forward(v));
        float scale = (float) Math.sqrt(internalDim / numHeads);
        NDArray attn;
        if (kh.getShape().get(2) < qh.getShape().get(2)) {
            // Image cells attending to a handful of tokens: build the scores as (B, h, Nk, Nq) and
            // normalise over axis 2. The same numbers, but softmax over a last axis of length ~7 is
            // several times slower in libtorch than over a long trailing axis.
            attn = SamOps.div(kh.matMul(qh.transpose(0, 1, 3, 2)), scale).softmax(2).transpose(0, 1, 3, 2);
        } else {
            // (B, h, Nq, c) @ (B, h, c, Nk) -> (B, h, Nq, Nk), scaled after the product as in the reference
            attn = SamOps.div(qh.matMul(kh.transpose(0, 1, 3, 2)), scale).softmax(-1);
        }
        return mergeHeadsAndProject(attn.matMul(vh)); // (B, h, Nq, c) -> (B, Nq, dim)
    }

    /**
     * Few queries, many keys (tokens attend to the image). q: (B, T, dim), k, v: (B, N, dim).
     * Per head h with rows Wk_h, Wv_h (c, dim) of the k/v projections:
     * scores = q_h (k Wk_hᵀ + bk_h)ᵀ = (q_h Wk_h) kᵀ + q_h·bk_h, and the last term is constant along
     * each softmax row, so it drops out; out_h = softmax · (v Wv_hᵀ + bv_h) = (softmax · v) Wv_hᵀ + bv_h
     * because every softmax row sums to one.
     */
    private NDArray tokensToImage(NDArray q, NDArray k, NDArray v) {
        long b = q.getShape().get(0), t = q.getShape().get(1), d = k.getShape().get(2);
        int c = internalDim / numHeads;
        NDArray qh = SamOps.div(separateHeads(qProj.forward(q)), (float) Math.sqrt(c)); // (B, h, T, c), scaled early: T rows, not N
        NDArray wk = weightOf(kProj, q).reshape(1, numHeads, c, d);
        NDArray qk = qh.matMul(wk).reshape(b, numHeads * t, d); // (B, hT, dim)
        NDArray attn = qk.matMul(k.transpose(0, 2, 1)).softmax(-1); // (B, hT, N)
        NDArray av = attn.matMul(v).reshape(b, numHeads, t, d); // (B, h, T, dim)
        NDArray wv = weightOf(vProj, q).reshape(1, numHeads, c, d).transpose(0, 1, 3, 2);
        NDArray out = av.matMul(wv).transpose(0, 2, 1, 3).reshape(b, t, internalDim); // (B, T, Di)
        NDArray bv = vProj.affineBias();
        if (bv != null) {
            out = out.add(bv);
        }
        return outProj.forward(out);
    }

    /**
     * Many queries, few keys (the image attends to the tokens). q: (B, N, dim), k, v: (B, T, dim).
     * Per head: scores = (q Wq_hᵀ + bq_h) k_hᵀ = q (k_h Wq_h)ᵀ + bq_h·k_h, so the query projection is
     * applied to the T keys; and out = Σ_h softmax_h v_h Wo_hᵀ + bo, where Wo_h (dim, c) are head h's
     * columns of out_proj, so out_proj is applied to the T values first.
     */
    private NDArray imageToTokens(NDArray q, NDArray k, NDArray v) {
        long b = k.getShape().get(0), t = k.getShape().get(1), n = q.getShape().get(1), d = q.getShape().get(2);
        int c = internalDim / numHeads;
        NDArray kh = SamOps.div(separateHeads(kProj.forward(k)), (float) Math.sqrt(c)); // (B, h, T, c)
        NDArray wq = weightOf(qProj, k).reshape(1, numHeads, c, d);
        NDArray g = kh.matMul(wq).reshape(b, numHeads * t, d); // (B, hT, dim)
        NDArray scores = g.matMul(q.transpose(0, 2, 1)); // (B, hT, N)
        NDArray bq = qProj.affineBias();
        if (bq != null) {
            NDArray bqh = DecoderOps.ownedLike(bq.reshape(1, numHeads, c, 1), k);
            scores = scores.addi(kh.matMul(bqh).reshape(b, numHeads * t, 1));
        }
        return imageToTokensFromScores(scores.reshape(b, numHeads, t, n), k, v);
    }

    /**
     * The rest of the image-to-tokens attention from its scores (B, h, T, N) (already scaled):
     * softmax over each head's T tokens, then values and out_proj re-associated (see imageToTokens).
     */
    private NDArray imageToTokensFromScores(NDArray scores, NDArray k, NDArray v) {
        Shape ss = scores.getShape();
        long b = ss.get(0), t = ss.get(2), n = ss.get(3), d = k.getShape().get(2);
        int c = internalDim / numHeads;
        // normalise over each head's T tokens (axis 2; a long trailing axis keeps libtorch's softmax fast)
        NDArray attn = scores.softmax(2);
        // (B, N, hT) as a transposed view: BLAS takes it as is (a row-major copy costs more than it saves)
        attn = attn.reshape(b, numHeads * t, n).transpose(0, 2, 1);
        // out_proj's weight (dim, Di) -> per head (c, dim) blocks of its transpose
        NDArray wo = weightOf(outProj, k).transpose(1, 0).reshape(1, numHeads, c, d);
        NDArray vo = separateHeads(vProj.forward(v)).matMul(wo).reshape(b, numHeads * t, d); // (B, hT, dim)
        NDArray bo = outProj.affineBias();
        if (bo != null) {
            // each head's softmax row sums to one, so adding bo / heads to every value row adds exactly
            // bo to every output row: a (hT, dim) add instead of an (N, dim) one
            vo = vo.addi(SamOps.div(bo, numHeads));
        }
        return attn.matMul(vo); // (B, N, dim)
    }

    /** Whether every projection is affine, so that the prepared-image methods below apply. */
    public boolean affine() {
        return qProj.isAffine() && kProj.isAffine() && vProj.isAffine() && outProj.isAffine();
    }

    /** q_proj(x) split into heads, contiguous: (B, N, dim) -> (B, h, N, c). */
    public NDArray queryHeads(NDArray x) {
        return contiguous(separateHeads(qProj.forward(x)));
    }

    /** k_proj(x) split into heads, contiguous: (B, N, dim) -> (B, h, N, c). */
    public NDArray keyHeads(NDArray x) {
        return contiguous(separateHeads(kProj.forward(x)));
    }

    /** v_proj(x) split into heads, contiguous: (B, N, dim) -> (B, h, N, c). */
    public NDArray valueHeads(NDArray x) {
        return contiguous(separateHeads(vProj.forward(x)));
    }

    /**
     * Tokens attend to an image whose keys and values were projected beforehand ({@link #keyHeads},
     * {@link #valueHeads}, computed once per image): only the T queries are projected here.
     * q: (B, T, dim); keyHeads, valueHeads: (1 or B, h, N, c) -> (B, T, dim).
     */
    public NDArray forwardProjectedKeys(NDArray q, NDArray keyHeads, NDArray valueHeads) {
        int c = internalDim / numHeads;
        NDArray qh = SamOps.div(separateHeads(qProj.forward(q)), (float) Math.sqrt(c)); // (B, h, T, c)
        NDArray attn = qh.matMul(keyHeads.transpose(0, 1, 3, 2)).softmax(-1); // (B, h, T, N)
        return mergeHeadsAndProject(attn.matMul(valueHeads));
    }

    /**
     * The image attends to tokens, its queries projected beforehand ({@link #queryHeads}, once per
     * image). queryHeads: (1 or B, h, N, c); k, v: (B, T, dim) -> (B, N, dim). Affine projections only.
     */
    public NDArray forwardProjectedQueries(NDArray queryHeads, NDArray k, NDArray v) {
        int c = internalDim / numHeads;
        NDArray kh = SamOps.div(separateHeads(kProj.forward(k)), (float) Math.sqrt(c)); // (B, h, T, c)
        NDArray scores = kh.matMul(queryHeads.transpose(0, 1, 3, 2)); // (B, h, T, N)
        return imageToTokensFromScores(scores, k, v);
    }

    /**
     * The projection's effective weight as a view owned by the call (like {@code like}), so the views
     * derived from it are freed with the call's temporaries rather than kept in the model's manager.
     */
    private static NDArray weightOf(LinearBlock p, NDArray like) {
        NDArray w = p.affineWeight(like);
        return w.getManager() == like.getManager() ? w : DecoderOps.ownedLike(w.reshape(w.getShape()), like);
    }

    /** A row-major copy of a view (flattening a transposed view cannot be a view, so it copies). */
    private static NDArray contiguous(NDArray x) {
        return x.reshape(x.getShape().size()).reshape(x.getShape());
    }

    /** out_proj of the heads put side by side: (B, h, N, c) -> (B, N, h*c) -> (B, N, dim). */
    private NDArray mergeHeadsAndProject(NDArray heads) {
        Shape s = heads.getShape();
        return outProj.forward(heads.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), internalDim));
    }

    /** (B, N, h*c) -> (B, h, N, c). */
    private NDArray separateHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), numHeads, s.get(2) / numHeads).transpose(0, 2, 1, 3);
    }
}
