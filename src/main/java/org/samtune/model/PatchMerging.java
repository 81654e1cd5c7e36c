package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;

/**
 * TinyViT's downsampling between stages: 1x1 Conv2d_BN to the next width, GELU, 3x3 depthwise
 * Conv2d_BN with the merge stride, GELU, 1x1 Conv2d_BN. State dict: {@code conv1.*}, {@code conv2.*},
 * {@code conv3.*}. The stride comes from {@link SamConfig#patchMergingStride(int)}.
 */
public final class PatchMerging extends SamBlock {
    private final Conv2dBN conv1;
    private final Conv2dBN conv2;
    private final Conv2dBN conv3;

    /** Largest widened-map band of the inference path. */
    private long bandBytes = 8L << 20;

    private final int outDim;
    private final int stride;

    public PatchMerging(int dim, int outDim, int stride, double bnEps) {
        this.outDim = outDim;
        this.stride = stride;
        this.conv1 = child("conv1", new Conv2dBN(dim, outDim, 1, 1, 0, 1, bnEps));
        this.conv2 = child("conv2", new Conv2dBN(outDim, outDim, 3, stride, 1, outDim, bnEps));
        this.conv3 = child("conv3", new Conv2dBN(outDim, outDim, 1, 1, 0, 1, bnEps));
    }

    /**
     * x: (B, H, W, C) channels-last -> (B, H', W', C'). Inference on a large grid runs in bands of output
     * rows (see {@link RowBands}): at a 1024 input the widened 256 x 256 x 128 map is 32 MiB.
     */
    public NDArray forward(NDArray x) {
        long h = x.getShape().get(1);
        long widenedRowBytes = x.getShape().get(2) * outDim * Float.BYTES;
        if (JniUtils.isGradMode() || h * widenedRowBytes <= bandBytes) {
            return merge(x);
        }
        long outRows = (h + 2 - 3) / stride + 1; // the 3x3 convolution, padding 1
        long bandRows = Math.max(1, bandBytes / (stride * widenedRowBytes));
        return RowBands.compute(outRows, bandRows, x, (o0, o1) -> {
            // Output row o reads input rows stride·o - 1 .. stride·o + 1. The band starts one output row
            // early (so its rows keep the convolution's stride phase) and that row is dropped; at the
            // top and bottom edges the band reaches the image border and the zero padding is the real one.
            long skip = o0 > 0 ? 1 : 0;
            long a = stride * (o0 - skip);
            long b = Math.min(h, stride * (o1 - 1) + 2);
            NDArray widened = SamOps.gelu(conv1.forwardChannelsLast(x.get(new NDIndex(":, {}:{}", a, b))));
            NDArray merged = conv2.forwardChannelsLast(widened).get(new NDIndex(":, {}:{}", skip, skip + o1 - o0));
            return conv3.forwardChannelsLast(SamOps.gelu(merged));
        });
    }

    /** Band size of the inference path (tests use tiny bands on tiny maps). */
    void setBandBytes(long bytes) {
        this.bandBytes = bytes;
    }

    private NDArray merge(NDArray x) {
        NDArray y = SamOps.gelu(conv1.forwardChannelsLast(x));
        y = SamOps.gelu(conv2.forwardChannelsLast(y));
        return conv3.forwardChannelsLast(y);
    }
}
