package org.samtune.predict;

import org.samtune.model.SamOps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code F.interpolate(x, size, mode="bilinear", align_corners=False)} (no antialiasing),
 * which SAM uses to upscale mask logits.
 *
 * <p>DJL's own interpolation always antialiases (wrong when shrinking), so this class computes
 * PyTorch's per-axis source indices and weights itself and applies them either
 * <ul>
 *   <li>as dense resampling matrices on NDArrays ({@link #resize(NDArray, int, int)}: out = Ry @ x @ Rxᵀ;
 *       differentiable and device-agnostic, for training), or</li>
 *   <li>as loops on float arrays ({@link #resizeCropped(float[], int, int, int, int, int, int, int,
 *       CpuKernel)}; cheap for large outputs, for inference), bit-exact to torch's CPU kernels.</li>
 * </ul>
 *
 * <p>Per axis, with no scale_factor given, torch uses scale = in / out (rounded to float32) and for
 * output index d the source coordinate s = max(scale * (d + 0.5) - 0.5, 0) (in double);
 * i0 = min(floor(s), in - 1), i1 = min(i0 + 1, in - 1), w1 = (float) clamp(s - i0, 0, 1), w0 = 1 - w1
 * (in float32). These are exactly the weights of torch 1.13's CPU kernel, which made the fixtures; an
 * all-float32 source coordinate would be off by up to one float ulp of s (3e-5 at s ~ 400).
 */
public final class TorchBilinear {
    private TorchBilinear() {}

    /** Source taps of one axis: output index d reads {@code index0[d]} and {@code index1[d]}. */
    public static final class Axis {
        public final int inSize;
        public final int outSize;
        public final int[] index0;
        public final int[] index1;
        public final float[] lambda0;
        public final float[] lambda1;

        Axis(int inSize, int outSize) {
            this.inSize = inSize;
            this.outSize = outSize;
            index0 = new int[outSize];
            index1 = new int[outSize];
            lambda0 = new float[outSize];
            lambda1 = new float[outSize];
        }
    }

    /** The taps for resizing one axis from {@code inSize} to {@code outSize} samples. */
    public static Axis axis(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("Sizes must be positive: " + inSize + " -> " + outSize);
        }
        Axis a = new Axis(inSize, outSize);
        float scale = (float) inSize / (float) outSize;
        for (int d = 0; d < outSize; d++) {
            if (inSize == outSize) {
                a.index0[d] = d;
                a.index1[d] = d;
                a.lambda0[d] = 1f;
                a.lambda1[d] = 0f;
                continue;
            }
            // torch 1.13's CPU kernel: float32 scale, source coordinate in double, weight cast to float
            // (checked against F.interpolate weights for up- and down-scaling: identical).
            double src = (double) scale * (d + 0.5) - 0.5;
            if (src < 0) {
                src = 0;
            }
            int i0 = Math.min((int) src, inSize - 1);
            int i1 = i0 < inSize - 1 ? i0 + 1 : i0;
            float l1 = (float) Math.min(Math.max(src - i0, 0.0), 1.0);
            // lambda0 = 1 - lambda1 in float (torch rounds lambda1 first).
            a.index0[d] = i0;
            a.index1[d] = i1;
            a.lambda1[d] = l1;
            a.lambda0[d] = 1f - l1;
        }
        return a;
    }

    /**
     * The first {@code rows} rows of the (outSize x inSize) resampling matrix, row-major: row d holds
     * the weights of output d over the input samples. {@code rows < outSize} folds a crop of the output
     * (SAM's {@code masks[..., :h, :w]}) into the matrix.
     */
    public static float[] matrix(int inSize, int outSize, int rows) {
        if (rows <= 0 || rows > outSize) {
            throw new IllegalArgumentException("rows must be in 1.." + outSize + ": " + rows);
        }
        Axis a = axis(inSize, outSize);
        float[] m = new float[rows * inSize];
        for (int d = 0; d < rows; d++) {
            m[d * inSize + a.index0[d]] += a.lambda0[d];
            m[d * inSize + a.index1[d]] += a.lambda1[d];
        }
        return m;
    }

    /** Bilinear resize of the last two axes of {@code x} (..., H, W) to (..., outH, outW). */
    public static NDArray resize(NDArray x, int outH, int outW) {
        return resizeCropped(x, outH, outW, outH, outW);
    }

    /**
     * Resizes the last two axes of {@code x} to {@code fullH x fullW} and keeps only the top-left
     * {@code keepH x keepW} (the same values as resizing and then cropping, without computing the rest).
     * Result (..., keepH, keepW) in x's manager; differentiable w.r.t. x.
     */
    public static NDArray resizeCropped(NDArray x, int fullH, int fullW, int keepH, int keepW) {
        Shape s = x.getShape();
        int dims = s.dimension();
        if (dims < 2) {
            throw new IllegalArgumentException("Need at least 2 dimensions, got " + s);
        }
        int h = (int) s.get(dims - 2);
        int w = (int) s.get(dims - 1);
        NDManager owner = x.getManager();
        try (NDManager sub = owner.newSubManager()) {
            // (keepH, h) and (w, keepW) constants; created in a sub-manager so they are freed here.
            NDArray ry = SamOps.constant(sub, matrix(h, fullH, keepH), new Shape(keepH, h)).toType(x.getDataType(), false);
            NDArray rxT = SamOps.constant(sub, matrix(w, fullW, keepW), new Shape(keepW, w)).transpose()
                    .toType(x.getDataType(), false);
            // Pick the cheaper association; both are exact up to float rounding.
            long horizontalFirst = (long) h * w * keepW + (long) keepH * h * keepW;
            long verticalFirst = (long) keepH * h * w + (long) keepH * w * keepW;
            NDArray out;
            if (horizontalFirst <= verticalFirst) {
                NDArray t = x.matMul(rxT); // (..., h, keepW), in x's manager
                out = ry.matMul(t);        // (..., keepH, keepW), in sub
                t.close();
            } else {
                NDArray t = ry.matMul(x);  // (..., keepH, w), in sub
                out = t.matMul(rxT);
            }
            out.attach(owner);
            return out;
        }
    }

    /**
     * The two float32 CPU kernels of torch's {@code upsample_bilinear2d} (1.13, which made the fixtures).
     * Which one runs depends on the input's memory layout, see {@link #kernelFor}; they round
     * differently (by ~1 float ulp), so bit-exact reproduction needs the same choice.
     */
    public enum CpuKernel {
        /**
         * NCHW (generic) kernel: interpolate along W at the two source rows, then blend the rows; each
         * blend is {@code fma(v0, w0, v1 * w1)} (AVX2 code with fused multiply-add).
         */
        GENERIC,
        /**
         * Channels-last kernel (taken whenever the input is channels-last contiguous, e.g. any contiguous
         * (B, 1, H, W) tensor): weights w_ij = h_i * w_j in float, the four products summed in double and
         * rounded once.
         */
        CHANNELS_LAST
    }

    /**
     * The kernel torch picks for an input of sizes (n, c, h, w) with the given strides (elements):
     * channels-last iff the tensor is channels-last contiguous (dims of size 1 are ignored, as torch does).
     */
    public static CpuKernel kernelFor(long[] sizes, long[] strides) {
        // channels-last order: C fastest, then W, H, N
        int[] order = {1, 3, 2, 0};
        long expected = 1;
        for (int d : order) {
            if (sizes[d] != 1) {
                if (strides[d] != expected) {
                    return CpuKernel.GENERIC;
                }
                expected *= sizes[d];
            }
        }
        return CpuKernel.CHANNELS_LAST;
    }

    /** {@link #resizeCropped(float[], int, int, int, int, int, int, int, CpuKernel)} without crop. */
    public static float[] resize(float[] src, int h, int w, int outH, int outW, CpuKernel kernel) {
        return resizeCropped(src, 0, h, w, outH, outW, outH, outW, kernel);
    }

    /**
     * Bilinear resize of the plane at {@code src[offset .. offset + h*w)} (row-major) to
     * {@code fullH x fullW}, returning only its top-left {@code keepH x keepW} part, row-major, with the
     * arithmetic of the given torch kernel (bit-exact to it). ({@link Math#fma} is a hardware
     * instruction on x86-64 since 2013 and on ARMv8.)
     */
    public static float[] resizeCropped(float[] src, int offset, int h, int w, int fullH, int fullW, int keepH,
            int keepW, CpuKernel kernel) {
        return ChainedBilinear.resizeCropped(src, offset, h, w, fullH, fullW, keepH, keepW, kernel);
    }
}
