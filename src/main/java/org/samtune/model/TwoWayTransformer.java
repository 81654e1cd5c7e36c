package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.Map;

/**
 * The mask decoder's transformer: prompt/output tokens and image cells update each other through
 * {@code depth} two-way layers, then the tokens attend to the image once more
 * (final_attn_token_to_image + norm_final_attn).
 */
public final class TwoWayTransformer extends SamBlock {
    private final TwoWayAttentionBlock[] layers;
    private final DecoderAttention finalAttnTokenToImage;
    private final ViTLayerNorm normFinalAttn;

    public TwoWayTransformer(int depth, int dim, int numHeads, int mlpDim, int downsampleRate, double lnEps,
            ProjectionFactory projections) {
        this(depth, dim, numHeads, mlpDim, downsampleRate, lnEps, projections, 0, null);
    }

    /** With finetune-SAM's adapters in layers {@code i < adapterLayers} (the final attention never has one). */
    public TwoWayTransformer(int depth, int dim, int numHeads, int mlpDim, int downsampleRate, double lnEps,
            ProjectionFactory projections, int adapterLayers, AdapterSpec adapters) {
        this.layers = new TwoWayAttentionBlock[depth];
        for (int i = 0; i < depth; i++) {
            layers[i] = child("layers." + i, new TwoWayAttentionBlock(dim, numHeads, mlpDim, downsampleRate, lnEps, i == 0,
                    projections, i < adapterLayers ? adapters : null));
        }
        this.finalAttnTokenToImage = child("final_attn_token_to_image", new DecoderAttention(dim, numHeads, downsampleRate, projections));
        this.normFinalAttn = child("norm_final_attn", new ViTLayerNorm(dim, lnEps));
    }

    /**
     * image: (B, C, H, W); imagePe: (B or 1, C, H, W); tokens: (B, Nt, C).
     *
     * @param trace when not null, receives "layerI_queries" / "layerI_keys" after every layer
     * @return {tokens out (B, Nt, C), image out (B, HW, C) channels-last}
     */
    public NDArray[] forward(NDArray image, NDArray imagePe, NDArray tokens, Map<String, NDArray> trace) {
        // (B, C, H, W) -> (B, HW, C): image cells become key tokens. Both are made contiguous once here:
        // libtorch's element-wise kernels are several times slower on the transposed views, and these
        // large tensors enter many adds and norms.
        return forwardChannelsLast(ChannelsLastCache.of(image), ChannelsLastCache.of(imagePe), tokens, trace);
    }

    /** As {@link #forward}, with the image and its positional encoding given channels-last, (B or 1, HW, C). */
    public NDArray[] forwardChannelsLast(NDArray keys, NDArray keyPe, NDArray tokens, Map<String, NDArray> trace) {
        return forwardChannelsLast(keys, keyPe, tokens, trace, tokens.getShape().get(1));
    }

    /**
     * As {@link #forwardChannelsLast(NDArray, NDArray, NDArray, Map)}, with the final attention run for
     * the first {@code outputTokens} tokens only (the others' final values are not used by the mask
     * decoder): the returned tokens are (B, outputTokens, C).
     */
    public NDArray[] forwardChannelsLast(NDArray keys, NDArray keyPe, NDArray tokens, Map<String, NDArray> trace,
            long outputTokens) {
        return run(tokens, keys, keyPe, tokens, 0, trace, outputTokens);
    }

    /**
     * The first layer's prompt-independent image side (see {@link TwoWayAttentionBlock#prepare}), for
     * inference on many prompts: keys, keyPe (1, HW, C). Null when it cannot be prepared.
     */
    public TwoWayAttentionBlock.PreparedImage prepare(NDArray keys, NDArray keyPe) {
        return layers[0].prepare(keys, keyPe);
    }

    /**
     * As {@link #forwardChannelsLast(NDArray, NDArray, NDArray, Map, long)} on a {@link #prepare}d image,
     * with the final attention run for the tokens at {@code outputTokens} only, in that order (the
     * returned tokens are (B, outputTokens.length, C)).
     */
    public NDArray[] forwardPrepared(TwoWayAttentionBlock.PreparedImage image, NDArray keyPe, NDArray tokens, long[] outputTokens) {
        NDArray[] first = layers[0].forward(tokens, tokens, image);
        NDArray[] out = layers(first[0], first[1], keyPe, tokens, 1, null);
        NDArray index = SamOps.constant(tokens.getManager(), outputTokens, new Shape(outputTokens.length));
        NDIndex kept = new NDIndex(":, {}", index);
        return finalAttention(out[0].get(kept), out[1], keyPe, tokens.get(kept));
    }

    /** Layers {@code from}.. then the final attention for the first {@code outputTokens} tokens. */
    private NDArray[] run(NDArray queries, NDArray keys, NDArray keyPe, NDArray tokens, int from,
            Map<String, NDArray> trace, long outputTokens) {
        NDArray[] out = layers(queries, keys, keyPe, tokens, from, trace);
        queries = out[0];
        keys = out[1];
        if (outputTokens < tokens.getShape().get(1)) {
            // each token's final attention and norm depend on that token alone
            queries = queries.get(new NDIndex(":, :{}, :", outputTokens));
            tokens = tokens.get(new NDIndex(":, :{}, :", outputTokens));
        }
        return finalAttention(queries, keys, keyPe, tokens);
    }

    /** Layers {@code from}..: {queries, keys}. */
    private NDArray[] layers(NDArray queries, NDArray keys, NDArray keyPe, NDArray tokens, int from,
            Map<String, NDArray> trace) {
        for (int i = from; i < layers.length; i++) {
            NDArray[] qk = layers[i].forward(queries, keys, tokens, keyPe);
            queries = qk[0];
            keys = qk[1];
            if (trace != null) {
                trace.put("layer" + i + "_queries", queries);
                trace.put("layer" + i + "_keys", keys);
            }
        }
        return new NDArray[] {queries, keys};
    }

    /** The tokens attend to the image once more: {queries (B, T, C), keys unchanged}. */
    private NDArray[] finalAttention(NDArray queries, NDArray keys, NDArray keyPe, NDArray tokens) {
        NDArray q = queries.add(tokens);
        NDArray k = keys.add(keyPe);
        queries = normFinalAttn.forward(queries.add(finalAttnTokenToImage.forward(q, k, keys)));
        return new NDArray[] {queries, keys};
    }

}
