package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;

/**
 * TinyViT's window attention (LeViT style). State dict: {@code attention_biases} (heads, ws²),
 * {@code norm.*}, {@code qkv.*}, {@code proj.*}.
 * <ul>
 *   <li>The input is LayerNorm-ed here, i.e. after the block's zero padding: padded tokens become
 *       {@code norm.bias} and take part, unmasked, in the attention of border windows (as in the reference).
 *   <li>The fused qkv output is <b>head-interleaved</b>: for head h, channels {@code [h·3d, h·3d+d)} are its
 *       query, the next d its key, the next d its value (d = C/heads). SAM's ViT instead lays out
 *       {@code [q all heads | k | v]}.
 *   <li>Instead of relative-position tables, a learned bias per head and per window offset
 *       {@code (|Δy|, |Δx|)}, at index {@code |Δy|·ws + |Δx|}, is added to the scaled logits.
 * </ul>
 * The bias matrix is gathered from {@code attention_biases} at every call. The reference caches it
 * ({@code ab}) when switched to eval mode, a cache that a later {@code load_state_dict} does not
 * refresh; always using the current parameter is what the reference computes once eval() is called after loading.
 */
public final class TinyViTAttention extends SamBlock {
    private final Parameter attentionBiases;
    private final ViTLayerNorm norm;
    private final LinearBlock qkv;
    private final ViTLinear proj;
    private final int numHeads;
    private final int headDim;
    private final int window;
    private final float scale;
    private final long[] biasIndex; // (ws², ws²) flattened

    /** @param qkv the fused projection C -> 3C (plain, or LoRA-wrapped), registered as {@code qkv} */
    public TinyViTAttention(int dim, int numHeads, int window, double layerNormEps, LinearBlock qkv) {
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("TinyViT width " + dim + " is not divisible by " + numHeads + " heads");
        }
        this.numHeads = numHeads;
        this.headDim = dim / numHeads;
        this.window = window;
        this.scale = (float) Math.pow(headDim, -0.5);
        // PyTorch lists a module's own parameters before its submodules'
        this.attentionBiases = param("attention_biases", numHeads, (long) window * window);
        this.norm = child("norm", new ViTLayerNorm(dim, layerNormEps));
        this.qkv = child("qkv", qkv);
        this.proj = child("proj", new ViTLinear(dim, dim, true));
        int n = window * window;
        this.biasIndex = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                biasIndex[i * n + j] = (long) Math.abs(i / window - j / window) * window + Math.abs(i % window - j % window);
            }
        }
    }

    public int numHeads() {
        return numHeads;
    }

    public LinearBlock qkv() {
        return qkv;
    }

    /** x: (windows, ws², C) padded window tokens -> (windows, ws², C). */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        long nw = s.get(0), n = s.get(1), c = s.get(2);
        if (n != (long) window * window) {
            throw new IllegalArgumentException("attention built for " + window + "x" + window + " windows got " + n + " tokens");
        }
        // (nW, N, heads, [q|k|v], d) -> (3, nW, heads, N, d)
        NDArray t = qkv.forward(norm.forward(x)).reshape(nw, n, numHeads, 3, headDim).transpose(3, 0, 2, 1, 4);
        NDList qkvParts = t.split(3, 0); // split, not indexed: under autograd one concatenation backward
        NDArray q = qkvParts.get(0).squeeze(0);
        NDArray k = qkvParts.get(1).squeeze(0);
        NDArray v = qkvParts.get(2).squeeze(0);
        // q scaled before the product (d wide), not the (N, N) scores after it: the same up to rounding
        NDArray attn = SamOps.mul(q, scale).matMul(k.transpose(0, 1, 3, 2)); // (nW, heads, N, N)
        // inference adds the bias in place: no second scores-sized tensor (19 MB for 25 windows of 14x14)
        attn = JniUtils.isGradMode() ? attn.add(biases(x)) : attn.addi(biases(x));
        NDArray o = attn.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(nw, n, c);
        return proj.forward(o);
    }

    /** attention_biases[:, idx] as (heads, N, N), in x's manager. */
    private NDArray biases(NDArray x) {
        long n = (long) window * window;
        NDArray idx = SamOps.constant(x.getManager(), biasIndex, new Shape(n, n));
        // gather on the first axis: (ws², heads)[idx] -> (N, N, heads)
        return v(attentionBiases).transpose(1, 0).get(x.getManager(), new NDIndex("{}", idx)).transpose(2, 0, 1);
    }
}
