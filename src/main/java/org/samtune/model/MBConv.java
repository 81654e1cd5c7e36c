package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;

/**
 * TinyViT's inverted-residual block (first stage): 1x1 expand, 3x3 depthwise, 1x1 project, each a
 * Conv2d_BN, GELU after the first two, then the residual and a final GELU:
 * {@code GELU(x + conv3(GELU(conv2(GELU(conv1(x))))))}. State dict: {@code conv1.*}, {@code conv2.*}, {@code conv3.*}.
 *
 * <p>Inference runs in horizontal bands of rows. At a 1024 input the expanded map is 256 x 256 x 256
 * floats (64 MiB per intermediate): glibc serves such blocks with fresh mmaps, so each of the block's
 * five large intermediates was faulted in, zeroed, and given back again, and none of it stayed in
 * cache between the element-wise passes. A band of {@link #DEFAULT_BAND_ROWS} rows keeps each
 * intermediate small enough to be reused from the heap and to stay in a 32 MiB L3. Every op is per
 * pixel except the 3x3 depthwise convolution, which gets one halo row above and below the band
 * (recomputed, ~6% extra of the first 1x1 convolution), so the result is the same.
 */
public final class MBConv extends SamBlock {
    /** Rows per inference band: 32 rows of a 256-wide, 256-channel map are 8 MiB per intermediate. */
    static final int DEFAULT_BAND_ROWS = 32;

    private final Conv2dBN conv1;
    private final Conv2dBN conv2;
    private final Conv2dBN conv3;
    private int bandRows = DEFAULT_BAND_ROWS;

    public MBConv(int dim, double expandRatio, double bnEps) {
        int hidden = (int) (dim * expandRatio);
        this.conv1 = child("conv1", new Conv2dBN(dim, hidden, 1, 1, 0, 1, bnEps));
        this.conv2 = child("conv2", new Conv2dBN(hidden, hidden, 3, 1, 1, hidden, bnEps));
        this.conv3 = child("conv3", new Conv2dBN(hidden, dim, 1, 1, 0, 1, bnEps));
    }

    /** Rows per band for inference (tests use small bands on small maps). */
    void setBandRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("band rows must be positive: " + rows);
        }
        this.bandRows = rows;
    }

    /** x: (B, H, W, C) channels-last -> (B, H, W, C). Intermediates are freed as soon as they are used. */
    public NDArray forward(NDArray x) {
        if (!JniUtils.isGradMode() && x.getShape().get(1) > bandRows) {
            return forwardInBands(x);
        }
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

    /** Inference, band by band (see the class comment): x (B, H, W, C) -> (B, H, W, C), in x's manager. */
    private NDArray forwardInBands(NDArray x) {
        long height = x.getShape().get(1);
        return RowBands.compute(height, bandRows, x, (r0, r1) -> {
            long a = Math.max(0, r0 - 1); // halo rows for the 3x3 convolution, where the image has them
            long b = Math.min(height, r1 + 1);
            NDArray expanded = SamOps.gelu(conv1.forwardChannelsLast(x.get(new NDIndex(":, {}:{}", a, b))));
            // zero padding at the image's top and bottom edges, real neighbours elsewhere; keep the band's own rows
            NDArray mixed = conv2.forwardChannelsLast(expanded).get(new NDIndex(":, {}:{}", r0 - a, r1 - a));
            NDArray projected = conv3.forwardChannelsLast(SamOps.gelu(mixed));
            return SamOps.gelu(projected.addi(x.get(new NDIndex(":, {}:{}", r0, r1))));
        });
    }
}
