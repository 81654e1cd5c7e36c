package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * TinyViT's patch embedding, an nn.Sequential {@code seq}: at a 1024 input two Conv2d_BN (3x3, stride 2)
 * with a GELU between them ({@code seq.0}, {@code seq.2}; the GELU is {@code seq.1} and has no state),
 * halving the width in the first: (B, 3, 1024, 1024) -> (B, embed_dims[0], 256, 256). finetune-SAM derives
 * the number of convolutions from the input size ({@code img_size // 256 // 2}): one stride-2 conv at
 * 512, one unpadded stride-1 conv below.
 */
public final class TinyViTPatchEmbed extends SamBlock {
    private final Conv2dBN first;
    private final Conv2dBN second;

    public TinyViTPatchEmbed(SamConfig cfg) {
        int n = cfg.embedDims[0];
        int convs = cfg.tinyVitPatchEmbedConvs();
        double eps = cfg.batchNormEps;
        if (convs >= 2) {
            if (convs > 2) {
                throw new IllegalArgumentException("TinyViT input size " + cfg.imgSize + " is too large (finetune-SAM supports up to 1535)");
            }
            this.first = child("seq.0", new Conv2dBN(cfg.inChans, n / 2, 3, 2, 1, 1, eps));
            this.second = child("seq.2", new Conv2dBN(n / 2, n, 3, 2, 1, 1, eps));
        } else if (convs == 1) {
            this.first = child("seq.0", new Conv2dBN(cfg.inChans, n, 3, 2, 1, 1, eps));
            this.second = null;
        } else {
            this.first = child("seq.0", new Conv2dBN(cfg.inChans, n, 3, 1, 0, 1, eps));
            this.second = null;
        }
    }

    /** x: (B, Cin, S, S) -> (B, embed_dims[0], S/4, S/4) at S = 1024. */
    public NDArray forward(NDArray x) {
        NDArray y = first.forward(x);
        return second == null ? y : second.forward(SamOps.gelu(y));
    }
}
