package org.samtune.model;

import ai.djl.ndarray.NDArray;

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
        if (skipFirstLayerPe) {
            queries = selfAttn.forward(queries, queries, queries);
        } else {
            NDArray q = queries.add(queryPe);
            queries = queries.add(selfAttn.forward(q, q, queries));
        }
        queries = norm1.forward(queries);

        NDArray keysWithPe = keys.add(keyPe); // the same in both cross attentions: keys change only at the end
        NDArray q = queries.add(queryPe);
        queries = norm2.forward(adapt(queries.add(crossAttnTokenToImage.forward(q, keysWithPe, keys))));

        NDArray mlpOut = queries.add(mlp.forward(queries));
        if (mlpAdapter != null) {
            mlpOut = mlpOut.add(SamOps.mul(mlpAdapter.forward(queries), adapterScale));
        }
        queries = norm3.forward(mlpOut);

        q = queries.add(queryPe);
        keys = norm4.forward(adapt(keys.add(crossAttnImageToToken.forward(keysWithPe, q, queries))));
        return new NDArray[] {queries, keys};
    }

    private NDArray adapt(NDArray x) {
        return adapter == null ? x : adapter.forward(x);
    }
}
