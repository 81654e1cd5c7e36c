package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Image to patch tokens: a Conv2d with kernel = stride = patch size (state-dict child {@code proj}),
 * returned channels-last (B, H/p, W/p, C) as the transformer blocks expect.
 *
 * <p>Because the patches do not overlap, the convolution is exactly one matrix product of each
 * flattened (Cin, p, p) patch with the (C, Cin·p·p) weight. Computing it that way yields a contiguous
 * BHWC result directly (a convolution would give BCHW and need a permuting copy) and runs on the
 * same GEMM kernel as the linear layers.
 */
public final class PatchEmbed extends SamBlock {
    private final ViTConv2d proj;
    private final int patch;
    private final int inChans;
    private final int embedDim;

    public PatchEmbed(int patchSize, int inChans, int embedDim) {
        this.patch = patchSize;
        this.inChans = inChans;
        this.embedDim = embedDim;
        this.proj = child("proj", new ViTConv2d(inChans, embedDim, patchSize, patchSize, 0, true));
    }

    /** x: (B, Cin, H, W) with H, W multiples of the patch size -> (B, H/p, W/p, C). */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), h = s.get(2), w = s.get(3);
        if (s.get(1) != inChans || h % patch != 0 || w % patch != 0) {
            throw new IllegalArgumentException("PatchEmbed expects (B, " + inChans + ", H, W) with H, W multiples of "
                    + patch + ", got " + s);
        }
        long gh = h / patch, gw = w / patch, k = (long) inChans * patch * patch;
        // (B, Cin, gh, p, gw, p) -> (B, gh, gw, Cin, p, p): one gathered row per patch, in the
        // weight's (Cin, kh, kw) order.
        NDArray patches = x.reshape(b, inChans, gh, patch, gw, patch).transpose(0, 2, 4, 1, 3, 5).reshape(b, gh, gw, k);
        NDArray w2 = proj.weight().reshape(embedDim, k);
        w2.attach(x.getManager()); // a view made from a parameter: let it die with the caller's arrays
        return SamOps.linear(patches, w2, proj.bias());
    }
}
