package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;

/**
 * TinyViT's Conv2d_BN: a bias-free (optionally grouped) convolution {@code c} followed by a
 * {@link BatchNorm2d} {@code bn}. State dict: {@code c.weight} (Cout, Cin/groups, k, k), {@code bn.*}.
 *
 * <p>Because the BatchNorm uses its running statistics, it is folded into the convolution at each call
 * ({@code conv(x, W·s) + (bias - mean·s)} with {@code s = weight/sqrt(var+eps)}, as TinyViT's own
 * {@code fuse()}): one pass over the activations instead of two. The folding is differentiable, so the
 * convolution and BatchNorm affine parameters still train.
 */
public final class Conv2dBN extends SamBlock {
    /** The bias-free convolution ({@code c}). */
    static final class Conv extends SamBlock {
        final Parameter weight;

        Conv(int in, int out, int kernel, int groups) {
            this.weight = param("weight", out, in / groups, kernel, kernel);
        }
    }

    private final Conv conv;
    private final int inChannels;
    private final int kernel;
    private final BatchNorm2d bn;
    private final int outChannels;
    private final int stride;
    private final int padding;
    private final int groups;

    public Conv2dBN(int in, int out, int kernel, int stride, int padding, int groups, double bnEps) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("channels " + in + "->" + out + " not divisible by " + groups + " groups");
        }
        this.conv = child("c", new Conv(in, out, kernel, groups));
        this.bn = child("bn", new BatchNorm2d(out, bnEps));
        this.outChannels = out;
        this.inChannels = in;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
    }

    /** x: (B, Cin, H, W) -> (B, Cout, H', W'), in x's manager. */
    public NDArray forward(NDArray x) {
        NDArray[] wb = folded(x);
        return SamOps.conv2d(x, wb[0], wb[1], stride, padding, groups);
    }

    /**
     * The same on a channels-last grid: x (B, H, W, Cin) -> (B, H', W', Cout). A 1x1 convolution is then
     * a plain matrix product over the channel axis (several times faster than the convolution kernel on
     * this layout); other kernels run on the (B, C, H, W) view of x, which is channels-last in memory.
     */
    public NDArray forwardChannelsLast(NDArray x) {
        NDArray[] wb = folded(x);
        if (kernel == 1 && stride == 1 && groups == 1) {
            return SamOps.linear(x, wb[0].reshape(outChannels, inChannels), wb[1]);
        }
        return SamOps.conv2d(x.transpose(0, 3, 1, 2), wb[0], wb[1], stride, padding, groups).transpose(0, 2, 3, 1);
    }

    /** The BatchNorm folded into the convolution: {weight (Cout, Cin/groups, k, k), bias (Cout)}. */
    private NDArray[] folded(NDArray x) {
        NDArray w;
        NDArray b;
        try (NDScope scope = new NDScope()) {
            NDArray s = bn.scale();
            w = v(conv.weight).mul(s.reshape(outChannels, 1, 1, 1));
            b = bn.shift(s);
            NDScope.unregister(w, b);
        }
        // freed with the caller's scope, if any, and otherwise with the input (not with the model's weights)
        NDScope.register(w);
        NDScope.register(b);
        w.attach(x.getManager());
        b.attach(x.getManager());
        return new NDArray[] {w, b};
    }
}
