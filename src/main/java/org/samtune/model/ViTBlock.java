package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * One transformer block of SAM's image encoder: pre-norm attention (windowed or global) and MLP, each
 * with a residual connection. State dict: {@code norm1.*}, {@code attn.*}, {@code norm2.*}, {@code mlp.*}.
 *
 * <p>Windowed blocks pad the grid to a multiple of the window. The original SAM normalises before
 * padding, so padded tokens are zeros; finetune-SAM normalises after padding, so they become
 * {@code norm1.bias} and shift the attention of every window touching the pad. The
 * {@link SamConfig#finetuneSamBlockOrder} switch picks which of the two a checkpoint was trained with.
 */
public final class ViTBlock extends SamBlock {
    private final ViTLayerNorm norm1;
    private final ViTAttention attn;
    private final ViTLayerNorm norm2;
    private final ViTMlp mlp;
    private final int windowSize;
    private final boolean normAfterPartition;
    // finetune-SAM adapters (null when the block has none)
    private final Adapter mlpAdapter;
    private final Adapter spaceAdapter;
    private final float adapterScale;

    /**
     * @param windowSize 0 for global attention over the whole grid
     * @param qkv the attention's qkv projection (dim -> 3·dim)
     */
    public ViTBlock(SamConfig cfg, int windowSize, LinearBlock qkv) {
        this(cfg, windowSize, qkv, null);
    }

    /**
     * A block with finetune-SAM's adapters when {@code adapters} is not null: {@code Space_Adapter} (skip)
     * on the attention output, {@code MLP_Adapter} (no skip) in parallel with the MLP, scaled, and a
     * {@code Depth_Adapter} that only finetune-SAM's 3-D branch uses (kept for its state-dict entries).
     */
    public ViTBlock(SamConfig cfg, int windowSize, LinearBlock qkv, AdapterSpec adapters) {
        int dim = cfg.embedDim;
        int grid = cfg.tokenGrid();
        int attnSize = windowSize > 0 ? windowSize : grid;
        this.windowSize = windowSize;
        this.normAfterPartition = cfg.finetuneSamBlockOrder;
        this.norm1 = child("norm1", new ViTLayerNorm(dim, cfg.encoderLayerNormEps));
        this.attn = child("attn", new ViTAttention(dim, cfg.numHeads, cfg.useRelPos, attnSize, attnSize, qkv));
        // registered between attn and norm2, where finetune-SAM's Block creates them
        this.mlpAdapter = adapters == null ? null : child("MLP_Adapter", new Adapter(dim, adapters, false));
        this.spaceAdapter = adapters == null ? null : child("Space_Adapter", new Adapter(dim, adapters, true));
        if (adapters != null) {
            child("Depth_Adapter", new Adapter(dim, adapters, false)); // state dict only: never called in 2-D
        }
        this.adapterScale = adapters == null ? 0f : (float) adapters.scale;
        this.norm2 = child("norm2", new ViTLayerNorm(dim, cfg.encoderLayerNormEps));
        this.mlp = child("mlp", new ViTMlp(dim, (int) (dim * cfg.mlpRatio)));
    }

    public int windowSize() {
        return windowSize;
    }

    public ViTAttention attention() {
        return attn;
    }

    public boolean hasAdapters() {
        return mlpAdapter != null;
    }

    /** x: (B, H, W, C) -> (B, H, W, C). Temporaries are freed before returning. */
    public NDArray forward(NDArray x) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            NDArray a;
            if (windowSize > 0) {
                Shape s = x.getShape();
                NDArray windows = normAfterPartition
                        ? norm1.forward(WindowPartition.partition(x, windowSize))
                        : WindowPartition.partition(norm1.forward(x), windowSize);
                // the Space_Adapter works per window, before the padding is cropped (it is per token anyway)
                a = WindowPartition.unpartition(spaceAdapt(attn.forward(windows)), windowSize, s.get(0), s.get(1), s.get(2));
            } else {
                a = spaceAdapt(attn.forward(norm1.forward(x)));
            }
            NDArray y = x.add(a);
            NDArray yn = norm2.forward(y);
            out = y.add(mlp.forward(yn));
            if (mlpAdapter != null) {
                out = out.add(SamOps.mul(mlpAdapter.forward(yn), adapterScale)); // x + mlp(xn) + scale·MLP_Adapter(xn)
            }
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }

    private NDArray spaceAdapt(NDArray attnOut) {
        return spaceAdapter == null ? attnOut : spaceAdapter.forward(attnOut);
    }
}
