package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The few tensor operations SAM needs that DJL either lacks or names differently. Operations write
 * their result to the manager of their first operand, so input tensors come first wherever possible
 * (parameters live in the model's long-lived manager); inference and training wrap every call in an
 * {@code NDScope} so temporaries never outlive the call.
 */
public final class SamOps {
    private SamOps() {}

    /**
     * A tensor of Java values whose memory belongs to PyTorch. DJL's {@code create} on CPU wraps a
     * direct buffer that only the Java handle keeps alive; once the handle is closed (by a scope) the
     * buffer may be freed while autograd or a view still reads it. Constants used inside forward passes
     * (index tables, coordinates, resampling matrices) are therefore cloned into PyTorch-owned storage.
     */
    public static NDArray constant(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /** As {@link #constant(NDManager, float[], Shape)}, for int64 values (indices). */
    public static NDArray constant(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * x · c. Use this, never DJL's {@code mul(Number)}, anywhere autograd may be recording: DJL wraps
     * {@code c} in a 0-d tensor over a Java direct buffer and closes it at once, while autograd keeps
     * that tensor for the backward pass (d(x·c)/dx = c). Once the garbage collector frees the buffer,
     * the backward pass reads whatever was allocated there: silently wrong or NaN gradients, at random.
     * Here {@code c} lives in PyTorch-owned memory, which the saved reference keeps alive.
     * ({@code add}/{@code sub} of a number save nothing for the backward pass and are safe.)
     */
    public static NDArray mul(NDArray x, float c) {
        try (NDArray scalar = scalarLike(x, c)) {
            return x.mul(scalar);
        }
    }

    /** x / c; see {@link #mul(NDArray, float)} for why not DJL's {@code div(Number)}. */
    public static NDArray div(NDArray x, float c) {
        try (NDArray scalar = scalarLike(x, c)) {
            return x.div(scalar);
        }
    }

    /** A 0-d tensor of value {@code c}, x's type, in x's manager, its memory owned by PyTorch. */
    static NDArray scalarLike(NDArray x, float c) {
        return x.getManager().full(new Shape(), c, x.getDataType());
    }

    /** y = x Wᵀ + b over the last axis (torch.nn.Linear). x: (..., in), W: (out, in). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return bias == null ? Linear.linear(x, weight).singletonOrThrow() : Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** LayerNorm over the last axis only (DJL's block normalises all non-batch axes by default). */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
        long c = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(c), gamma, beta, (float) eps).singletonOrThrow();
    }

    /**
     * SAM's LayerNorm2d: normalise each pixel over channels. x: (B, C, H, W). Computed as
     * (x - mean) / sqrt(var + eps), the biased variance, like the reference.
     */
    public static NDArray layerNorm2d(NDArray x, NDArray gamma, NDArray beta, double eps) {
        NDArray u = x.mean(new int[] {1}, true);
        NDArray xc = x.sub(u);
        NDArray var = xc.square().mean(new int[] {1}, true);
        NDArray y = xc.div(var.add((float) eps).sqrt());
        long c = x.getShape().get(1);
        return y.mul(gamma.reshape(1, c, 1, 1)).add(beta.reshape(1, c, 1, 1));
    }

    /** Exact (erf) GELU, torch.nn.GELU's default. */
    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** 2-D convolution, torch layout: x (B, Cin, H, W), weight (Cout, Cin/groups, kh, kw). */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), groups)
                .singletonOrThrow();
    }

    /**
     * ConvTranspose2d with kernel == stride (SAM's mask-decoder upscaling; DJL's PyTorch engine has no
     * transposed convolution). Each input pixel scatters a k×k patch: out[b, o, y*k+i, x*k+j] =
     * Σ_c x[b, c, y, x] · W[c, o, i, j] + bias[o]. x: (B, Cin, H, W), weight: (Cin, Cout, k, k) as in torch.
     */
    public static NDArray convTransposeKeqS(NDArray x, NDArray weight, NDArray bias) {
        Shape s = x.getShape();
        long b = s.get(0), cin = s.get(1), h = s.get(2), w = s.get(3);
        long cout = weight.getShape().get(1), k = weight.getShape().get(2);
        // (B, H, W, Cin) @ (Cin, Cout*k*k) -> (B, H, W, Cout, k, k)
        NDArray cols = x.transpose(0, 2, 3, 1).matMul(weight.reshape(cin, cout * k * k));
        NDArray y = cols.reshape(b, h, w, cout, k, k).transpose(0, 3, 1, 4, 2, 5).reshape(b, cout, h * k, w * k);
        return bias == null ? y : y.add(bias.reshape(1, cout, 1, 1));
    }
}
