package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * One TinyViT transformer block. State dict: {@code attn.*}, {@code mlp.*}, {@code local_conv.*}, and
 * with finetune-SAM's adapters {@code MLP_Adapter.*}, {@code Space_Adapter.*}. Forward, on a (B, H, W, C)
 * token grid:
 * <pre>
 *   a = window_attention(x)           zero-pad to a multiple of ws, attend per window (its LayerNorm
 *                                     is inside), reassemble, crop
 *   a = Space_Adapter(a)              adapters only: a + fc2(GELU(fc1(a)))
 *   x = x + a
 *   x = local_conv(x)                 depthwise ks x ks Conv2d_BN
 *   x = x + mlp(x) [+ scale · MLP_Adapter(x)]   the adapter sees x itself; only the MLP normalises
 * </pre>
 * A grid equal to one window is the reference's unpadded special case: one window, same result.
 */
public final class TinyViTBlock extends SamBlock {
    private final TinyViTAttention attn;
    private final TinyViTMlp mlp;
    private final Conv2dBN localConv;
    private final Adapter mlpAdapter;
    private final Adapter spaceAdapter;
    private final float adapterScale;
    private final int window;

    /**
     * @param qkv the attention's fused projection (dim -> 3·dim)
     * @param adapters finetune-SAM's adapters for this block, or null
     */
    public TinyViTBlock(SamConfig cfg, int dim, int numHeads, int window, LinearBlock qkv, AdapterSpec adapters) {
        this.window = window;
        this.attn = child("attn", new TinyViTAttention(dim, numHeads, window, cfg.tinyVitLayerNormEps, qkv));
        this.mlp = child("mlp", new TinyViTMlp(dim, (int) (dim * cfg.mlpRatio), cfg.tinyVitLayerNormEps));
        int k = cfg.localConvSize;
        this.localConv = child("local_conv", new Conv2dBN(dim, dim, k, 1, k / 2, dim, cfg.batchNormEps));
        // finetune-SAM creates them after local_conv: MLP_Adapter (no skip), then Space_Adapter (skip)
        this.mlpAdapter = adapters == null ? null : child("MLP_Adapter", new Adapter(dim, adapters, false));
        this.spaceAdapter = adapters == null ? null : child("Space_Adapter", new Adapter(dim, adapters, true));
        this.adapterScale = adapters == null ? 0f : (float) adapters.scale;
    }

    public TinyViTAttention attention() {
        return attn;
    }

    public boolean hasAdapters() {
        return mlpAdapter != null;
    }

    /** x: (B, H, W, C) -> (B, H, W, C). Temporaries are freed before returning. */
    public NDArray forward(NDArray x) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            Shape s = x.getShape();
            long b = s.get(0), h = s.get(1), w = s.get(2), c = s.get(3);
            NDArray windows = WindowPartition.partition(x, window).reshape(-1, (long) window * window, c);
            NDArray a = attn.forward(windows).reshape(-1, window, window, c);
            a = WindowPartition.unpartition(a, window, b, h, w);
            if (spaceAdapter != null) {
                a = spaceAdapter.forward(a);
            }
            NDArray y = x.add(a);
            y = localConv.forwardChannelsLast(y);
            out = y.add(mlp.forward(y));
            if (mlpAdapter != null) {
                out = out.add(SamOps.mul(mlpAdapter.forward(y), adapterScale));
            }
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }
}
