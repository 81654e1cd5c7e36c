package org.samtune.bench;

import org.samtune.model.SamConfig;

/**
 * Analytic multiply-add count (×2 = FLOPs) of SAM's image encoder forward for one image: the
 * denominator of the benchmark's efficiency ratio. Counts the matmul-shaped work (patch embedding,
 * qkv/proj/MLP linears, attention scores and weighted sums, relative-position terms, convolutions,
 * neck); element-wise ops (norms, GELU, softmax, BatchNorm) are ignored, as a FLOP bound does.
 */
public final class EncoderFlops {
    private EncoderFlops() {}

    /** The encoder of {@code c}, ViT or TinyViT. */
    public static double encoderFlops(SamConfig c) {
        return c.isTinyViT() ? tinyVitEncoderFlops(c) : vitEncoderFlops(c);
    }

    /**
     * TinyViT (vit_t): stem convolutions, MBConv blocks, PatchMerging, attention blocks (qkv and proj
     * run on the zero-padded windows, as the reference does), depthwise local convs, MLPs, neck. The
     * unused ImageNet head is not counted. MobileSAM at 1024²: about 78 GFLOP (39 G multiply-adds).
     */
    public static double tinyVitEncoderFlops(SamConfig c) {
        int[] res = c.tinyVitStageResolutions();
        int[] dims = c.embedDims;
        double macs = 0;
        // patch embedding: (in -> n/2, stride 2) then (n/2 -> n, stride 2) at 1024; one conv otherwise
        long r0 = res[0];
        if (c.tinyVitPatchEmbedConvs() >= 2) {
            long r1 = 2 * r0; // output side of the first stride-2 conv
            macs += (double) r1 * r1 * (dims[0] / 2) * c.inChans * 9;
            macs += (double) r0 * r0 * dims[0] * (dims[0] / 2) * 9;
        } else {
            macs += (double) r0 * r0 * dims[0] * c.inChans * 9;
        }
        for (int i = 0; i < dims.length; i++) {
            long n = (long) res[i] * res[i];
            long d = dims[i];
            for (int j = 0; j < c.depths[i]; j++) {
                if (i == 0) {
                    long hidden = (long) (d * c.mbconvExpandRatio);
                    macs += (double) n * d * hidden * 2; // 1x1 expand and project
                    macs += (double) n * hidden * 9; // 3x3 depthwise
                } else {
                    long ws = c.windowSizes[i];
                    long padded = (res[i] + ws - 1) / ws * ws;
                    long np = padded * padded;
                    long windows = np / (ws * ws);
                    macs += (double) np * d * 4 * d; // qkv (3d) + proj (d), on padded windows
                    macs += tinyVitAttentionProductMacs(windows, ws, d);
                    macs += (double) n * d * c.localConvSize * c.localConvSize; // depthwise local conv
                    macs += 2.0 * n * d * (long) (d * c.mlpRatio); // MLP
                }
            }
            if (i < dims.length - 1) {
                long out = dims[i + 1];
                long next = (long) res[i + 1] * res[i + 1];
                macs += (double) n * d * out; // 1x1 at the input resolution
                macs += (double) next * out * 9; // 3x3 depthwise, strided
                macs += (double) next * out * out; // 1x1
            }
        }
        long n = (long) res[res.length - 1] * res[res.length - 1];
        macs += (double) n * dims[dims.length - 1] * c.outChans; // neck 1x1
        macs += (double) n * c.outChans * c.outChans * 9; // neck 3x3
        return 2 * macs;
    }

    /**
     * Estimated FLOPs of the mask decoder for one image and one prompt set: the image-side projections of
     * the two-way transformer's cross attentions (the token side holds only a few tokens), the two
     * transposed-convolution upscalings and the final mask product. Attention scores over the few tokens
     * and the token-side MLPs are ignored.
     */
    public static double decoderFlops(SamConfig c) {
        double n = (double) c.imageEmbeddingSize[0] * c.imageEmbeddingSize[1];
        double d = c.transformerEmbeddingDim;
        double inner = d / c.attentionDownsampleRate;
        // per layer: token->image attention projects image keys and values, image->token projects image
        // queries and outputs: four (n x d x inner) products
        double macs = c.transformerDepth * 4 * n * d * inner;
        macs += 2 * n * d * inner; // final token->image attention: keys and values
        double up1 = d / 4, up2 = d / 8;
        macs += n * d * up1 * 4; // ConvTranspose k2 s2: d -> d/4 on the n grid
        macs += 4 * n * up1 * up2 * 4; // d/4 -> d/8 on the 4n grid
        macs += 16 * n * up2 * c.numMaskTokens(); // hypernetwork masks on the 16n grid
        return 2 * macs;
    }

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
            long[] w = vitWindows(c, global);
            long windows = w[0], tokensPerWindow = w[1];
            long side = (long) Math.sqrt(tokensPerWindow);
            macs += vitAttentionProductMacs(c, global);
            // decomposed relative positions: q against (side) rows and (side) columns
            if (c.useRelPos) {
                macs += 2.0 * windows * tokensPerWindow * side * d;
            }
        }
        macs += (double) n * d * c.outChans; // neck 1x1
        macs += (double) n * c.outChans * c.outChans * 9; // neck 3x3
        return 2 * macs;
    }

    /**
     * The attention products alone (q·kᵀ and attn·v of every block), FLOPs: the part of the encoder
     * whose backward pass costs twice its forward, both of its operands being activations (the
     * linears' frozen weights need no gradient, so their backward costs one forward).
     */
    public static double attentionProductFlops(SamConfig c) {
        double macs = 0;
        if (c.isTinyViT()) {
            int[] res = c.tinyVitStageResolutions();
            for (int i = 1; i < c.embedDims.length; i++) {
                long ws = c.windowSizes[i];
                long padded = (res[i] + ws - 1) / ws * ws;
                long windows = padded * padded / (ws * ws);
                macs += c.depths[i] * tinyVitAttentionProductMacs(windows, ws, c.embedDims[i]);
            }
        } else {
            for (int i = 0; i < c.depth; i++) {
                macs += vitAttentionProductMacs(c, contains(c.globalAttnIndexes, i) || c.windowSize <= 0);
            }
        }
        return 2 * macs;
    }

    /** {windows, tokens per window} of a ViT block. */
    private static long[] vitWindows(SamConfig c, boolean global) {
        long grid = c.tokenGrid();
        if (global) {
            return new long[] {1, grid * grid};
        }
        long padded = (grid + c.windowSize - 1) / c.windowSize * c.windowSize;
        return new long[] {(padded / c.windowSize) * (padded / c.windowSize), (long) c.windowSize * c.windowSize};
    }

    /** q·kᵀ and attn·v over all heads of a ViT block: 2 × T² × d per window (multiply-adds). */
    private static double vitAttentionProductMacs(SamConfig c, boolean global) {
        long[] w = vitWindows(c, global);
        return 2.0 * w[0] * w[1] * w[1] * c.embedDim;
    }

    /** q·kᵀ and attn·v of a TinyViT block on ws × ws windows of width d (multiply-adds). */
    private static double tinyVitAttentionProductMacs(long windows, long ws, long d) {
        return 2.0 * windows * (ws * ws) * (ws * ws) * d;
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
