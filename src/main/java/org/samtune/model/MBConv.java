package org.samtune.model;

import ai.djl.ndarray.NDArray;

/**
 * TinyViT's inverted-residual block (first stage): 1x1 expand, 3x3 depthwise, 1x1 project, each a
 * Conv2d_BN, GELU after the first two, then the residual and a final GELU:
 * {@code GELU(x + conv3(GELU(conv2(GELU(conv1(x))))))}. State dict: {@code conv1.*}, {@code conv2.*}, {@code conv3.*}.
 */
public final class MBConv extends SamBlock {
    private final Conv2dBN conv1;
    private final Conv2dBN conv2;
    private final Conv2dBN conv3;

    public MBConv(int dim, double expandRatio, double bnEps) {
        int hidden = (int) (dim * expandRatio);
        this.conv1 = child("conv1", new Conv2dBN(dim, hidden, 1, 1, 0, 1, bnEps));
        this.conv2 = child("conv2", new Conv2dBN(hidden, hidden, 3, 1, 1, hidden, bnEps));
        this.conv3 = child("conv3", new Conv2dBN(hidden, dim, 1, 1, 0, 1, bnEps));
    }

    /** x: (B, H, W, C) channels-last -> (B, H, W, C). Intermediates are freed as soon as they are used. */
    public NDArray forward(NDArray x) {
        NDArray h = conv1.forwardChannelsLast(x);
        NDArray y = SamOps.gelu(h);
        h.close(); // (autograd keeps what it needs; these are 4x the block's width)
        h = conv2.forwardChannelsLast(y);
        y.close();
        y = SamOps.gelu(h);
        h.close();
        h = conv3.forwardChannelsLast(y);
        y.close();
        y = h.add(x);
        h.close();
        NDArray out = SamOps.gelu(y);
        y.close();
        return out;
    }
}
