package org.samtune.model;

import ai.djl.ndarray.NDArray;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * One layer of the two-way transformer: (1) token self-attention, (2) tokens attend to the image,
 * (3) token MLP, (4) the image attends to the tokens; each followed by a residual add and LayerNorm.
 * Positional encodings are re-added to queries and keys at every attention; the first layer's
 * self-attention skips them (its queries are the raw prompt tokens, which already carry them).
 */
public final class TwoWayAttentionBlock extends SamBlock {
    private final DecoderAttention selfAttn;
    private final ViTLayerNorm norm1;
    private final DecoderAttention crossAttnTokenToImage;
    private final ViTLayerNorm norm2;
    private final MLPBlock mlp;
    private final ViTLayerNorm norm3;
    private final ViTLayerNorm norm4;
    private final DecoderAttention crossAttnImageToToken;
    private final boolean skipFirstLayerPe;
    // finetune-SAM adapters (null when the layer has none)
    private final Adapter mlpAdapter;
    private final Adapter adapter;
    private final float adapterScale;

    public TwoWayAttentionBlock(int dim, int numHeads, int mlpDim, int downsampleRate, double lnEps,
            boolean skipFirstLayerPe, ProjectionFactory projections) {
        this(dim, numHeads, mlpDim, downsampleRate, lnEps, skipFirstLayerPe, projections, null);
    }

    /**
     * With finetune-SAM's decoder adapters when {@code adapters} is not null: {@code Adapter} (skip) after
     * the token-to-image residual and, with the SAME weights, after the image-to-token residual;
     * {@code MLP_Adapter} (no skip) in parallel with the token MLP, scaled.
     */
    public TwoWayAttentionBlock(int dim, int numHeads, int mlpDim, int downsampleRate, double lnEps,
            boolean skipFirstLayerPe, ProjectionFactory projections, AdapterSpec adapters) {
        this.selfAttn = child("self_attn", new DecoderAttention(dim, numHeads, 1, projections));
        this.norm1 = child("norm1", new ViTLayerNorm(dim, lnEps));
        this.crossAttnTokenToImage = child("cross_attn_token_to_image", new DecoderAttention(dim, numHeads, downsampleRate, projections));
        this.norm2 = child("norm2", new ViTLayerNorm(dim, lnEps));
        this.mlp = child("mlp", new MLPBlock(dim, mlpDim, MLPBlock.Activation.RELU));
        this.norm3 = child("norm3", new ViTLayerNorm(dim, lnEps));
        this.norm4 = child("norm4", new ViTLayerNorm(dim, lnEps));
        this.crossAttnImageToToken = child("cross_attn_image_to_token", new DecoderAttention(dim, numHeads, downsampleRate, projections));
        this.skipFirstLayerPe = skipFirstLayerPe;
        this.mlpAdapter = adapters == null ? null : child("MLP_Adapter", new Adapter(dim, adapters, false));
        this.adapter = adapters == null ? null : child("Adapter", new Adapter(dim, adapters, true));
        this.adapterScale = adapters == null ? 0f : (float) adapters.scale;
    }

    public boolean hasAdapters() {
        return adapter != null;
    }

    /**
     * queries: (B, Nt, C) tokens, keys: (B, HW, C) image, queryPe: (B, Nt, C), keyPe: (B or 1, HW, C).
     * Returns {queries, keys} with the same shapes.
     */
    public NDArray[] forward(NDArray queries, NDArray keys, NDArray queryPe, NDArray keyPe) {
        NDArray keysWithPe = keys.add(keyPe); // the same in both cross attentions: keys change only at the end
        return forward(queries, queryPe, keys,
                q -> crossAttnTokenToImage.forward(q, keysWithPe, keys),
                (q, values) -> crossAttnImageToToken.forward(keysWithPe, q, values));
    }

    /**
     * The image side of this layer that does not depend on the prompt, for inference: the keys, and the
     * projections of the image cells in both cross attentions. Computed once per image, it leaves only
     * token-sized products per prompt. keys, keyPe: (1, HW, C). Null when a projection is not affine.
     */
    public PreparedImage prepare(NDArray keys, NDArray keyPe) {
        if (!crossAttnTokenToImage.affine() || !crossAttnImageToToken.affine()) {
            return null;
        }
        NDArray keysWithPe = keys.add(keyPe);
        return new PreparedImage(keys, crossAttnTokenToImage.keyHeads(keysWithPe),
                crossAttnTokenToImage.valueHeads(keys), crossAttnImageToToken.queryHeads(keysWithPe));
    }

    /** As {@link #forward(NDArray, NDArray, NDArray, NDArray)} on a {@link #prepare}d image (inference). */
    public NDArray[] forward(NDArray queries, NDArray queryPe, PreparedImage image) {
        return forward(queries, queryPe, image.keys(),
                q -> crossAttnTokenToImage.forwardProjectedKeys(q, image.keyHeads(), image.valueHeads()),
                (q, values) -> crossAttnImageToToken.forwardProjectedQueries(image.queryHeads(), q, values));
    }

    /**
     * An image prepared for a layer: keys (1, HW, C); keyHeads, valueHeads: token-to-image k/v
     * projections, queryHeads: image-to-token q projection, each (1, heads, HW, c).
     */
    public record PreparedImage(NDArray keys, NDArray keyHeads, NDArray valueHeads, NDArray queryHeads) {
        public NDArray[] arrays() {
            return new NDArray[] {keys, keyHeads, valueHeads, queryHeads};
        }
    }

    private NDArray[] forward(NDArray queries, NDArray queryPe, NDArray keys,
            UnaryOperator<NDArray> tokensToImage, BinaryOperator<NDArray> imageToTokens) {
        if (skipFirstLayerPe) {
            queries = selfAttn.forward(queries, queries, queries);
        } else {
            NDArray q = queries.add(queryPe);
            queries = queries.add(selfAttn.forward(q, q, queries));
        }
        queries = norm1.forward(queries);

        NDArray q = queries.add(queryPe);
        queries = norm2.forward(adapt(queries.add(tokensToImage.apply(q))));

        NDArray mlpOut = queries.add(mlp.forward(queries));
        if (mlpAdapter != null) {
            mlpOut = mlpOut.add(SamOps.mul(mlpAdapter.forward(queries), adapterScale));
        }
        queries = norm3.forward(mlpOut);

        q = queries.add(queryPe);
        keys = norm4.forward(adapt(keys.add(imageToTokens.apply(q, queries))));
        return new NDArray[] {queries, keys};
    }

    private NDArray adapt(NDArray x) {
        return adapter == null ? x : adapter.forward(x);
    }
}
