package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * TinyViT's downsampling between stages: 1x1 Conv2d_BN to the next width, GELU, 3x3 depthwise
 * Conv2d_BN with the merge stride, GELU, 1x1 Conv2d_BN. State dict: {@code conv1.*}, {@code conv2.*},
 * {@code conv3.*}. The stride comes from {@link SamConfig#patchMergingStride(int)}.
 */
public final class PatchMerging extends SamBlock {
    private final Conv2dBN conv1;
    private final Conv2dBN conv2;
    private final Conv2dBN conv3;

    public PatchMerging(int dim, int outDim, int stride, double bnEps) {
        this.conv1 = child("conv1", new Conv2dBN(dim, outDim, 1, 1, 0, 1, bnEps));
        this.conv2 = child("conv2", new Conv2dBN(outDim, outDim, 3, stride, 1, outDim, bnEps));
        this.conv3 = child("conv3", new Conv2dBN(outDim, outDim, 1, 1, 0, 1, bnEps));
    }

    /** x: (B, H, W, C) channels-last -> (B, H', W', C'). */
    public NDArray forward(NDArray x) {
        NDArray y = SamOps.gelu(conv1.forwardChannelsLast(x));
        y = SamOps.gelu(conv2.forwardChannelsLast(y));
        return conv3.forwardChannelsLast(y);
    }
}
