package org.samtune.bench;

import org.samtune.model.SamConfig;

/**
 * Analytic multiply-add count (×2 = FLOPs) of SAM's ViT image encoder forward for one image: the
 * denominator of the benchmark's efficiency ratio. Counts the matmul-shaped work (patch embedding,
 * qkv/proj/MLP linears, attention scores and weighted sums, relative-position terms, neck convs);
 * element-wise ops (norms, GELU, softmax) are ignored, as a FLOP bound does.
 */
public final class EncoderFlops {
    private EncoderFlops() {}

    public static double vitEncoderFlops(SamConfig c) {
        long grid = c.tokenGrid();
        long n = grid * grid;
        long d = c.embedDim;
        long hidden = (long) (d * c.mlpRatio);
        double macs = 0;
        macs += (double) n * d * c.inChans * c.patchSize * c.patchSize; // patch embed conv
        for (int i = 0; i < c.depth; i++) {
            boolean global = contains(c.globalAttnIndexes, i) || c.windowSize <= 0;
            macs += (double) n * d * 3 * d; // qkv
            macs += (double) n * d * d; // proj
            macs += 2.0 * n * d * hidden; // mlp
            long tokensPerWindow;
            long windows;
            if (global) {
                tokensPerWindow = n;
                windows = 1;
            } else {
                long padded = (grid + c.windowSize - 1) / c.windowSize * c.windowSize;
                windows = (padded / c.windowSize) * (padded / c.windowSize);
                tokensPerWindow = (long) c.windowSize * c.windowSize;
            }
            long side = (long) Math.sqrt(tokensPerWindow);
            // q·kᵀ and attn·v over all heads: 2 × T² × d per window
            macs += 2.0 * windows * tokensPerWindow * tokensPerWindow * d;
            // decomposed relative positions: q against (side) rows and (side) columns
            if (c.useRelPos) {
                macs += 2.0 * windows * tokensPerWindow * side * d;
            }
        }
        macs += (double) n * d * c.outChans; // neck 1x1
        macs += (double) n * c.outChans * c.outChans * 9; // neck 3x3
        return 2 * macs;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
