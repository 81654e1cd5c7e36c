package org.samtune.model;

/**
 * How finetune-SAM's adapters are sized and mixed in: bottleneck width {@code int(dim · mlpRatio)}, and
 * the factor on the parallel MLP adapter's output ({@code x + mlp(xn) + scale · MLP_Adapter(xn)}).
 */
public final class AdapterSpec {
    /** finetune-SAM's values (common.Adapter mlp_ratio=0.25; Block/TwoWayAttentionBlock scale=0.5). */
    public static final AdapterSpec FINETUNE_SAM = new AdapterSpec(0.25, 0.5);

    public final double mlpRatio;
    public final double scale;

    public AdapterSpec(double mlpRatio, double scale) {
        if (!(mlpRatio > 0)) {
            throw new IllegalArgumentException("adapter mlp ratio must be positive, got " + mlpRatio);
        }
        this.mlpRatio = mlpRatio;
        this.scale = scale;
    }

    /** Python's {@code int(dim * mlp_ratio)} (truncation; the epsilon absorbs ratios read back as hidden/dim). */
    public int hiddenDim(int dim) {
        return (int) Math.floor(dim * mlpRatio + 1e-9);
    }
}
