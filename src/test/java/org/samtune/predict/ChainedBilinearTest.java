package org.samtune.predict;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The row-by-row resizes against per-pixel evaluations of torch's kernel formulas (value for value), and
 * the two-step chain against one resize after the other (both kernels, enlarging and shrinking, crops,
 * several parallel blocks, a plane at an offset).
 */
class ChainedBilinearTest {
    // {h, w, full, keepH, keepW, outH, outW}
    private static final int[][] CASES = {
        {256, 256, 1024, 1024, 768, 1333, 1000}, // a portrait photo: both steps enlarge
        {256, 256, 1024, 768, 1024, 300, 400},   // the second step shrinks
        {32, 32, 128, 128, 96, 500, 377},
        {13, 17, 40, 31, 7, 9, 64},
        {8, 8, 32, 32, 32, 32, 32},              // identity second step
        {64, 64, 256, 200, 256, 1, 1},
    };

    @Test
    void oneResizeIsTorchsFormulaPerPixel() {
        Random rnd = new Random(3);
        for (int[] c : CASES) {
            float[] src = random(rnd, 2 * c[0] * c[1]);
            int offset = c[0] * c[1]; // the second plane
            for (TorchBilinear.CpuKernel k : TorchBilinear.CpuKernel.values()) {
                float[] expected = perPixel(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], k);
                float[] actual = ChainedBilinear.resizeCropped(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], k);
                assertArrayEquals(expected, actual, 0f, Arrays.toString(c) + " " + k);
            }
        }
    }

    @Test
    void twoResizesEqualOneAfterTheOther() {
        Random rnd = new Random(11);
        for (int[] c : CASES) {
            int planes = 2;
            float[] src = random(rnd, planes * c[0] * c[1]);
            for (TorchBilinear.CpuKernel first : TorchBilinear.CpuKernel.values()) {
                for (TorchBilinear.CpuKernel second : TorchBilinear.CpuKernel.values()) {
                    for (int p = 0; p < planes; p++) {
                        int offset = p * c[0] * c[1];
                        float[] mid = TorchBilinear.resizeCropped(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], first);
                        float[] expected = TorchBilinear.resize(mid, c[3], c[4], c[5], c[6], second);
                        float[] actual = ChainedBilinear.resize(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], first,
                                c[5], c[6], second);
                        assertArrayEquals(expected, actual, 0f, Arrays.toString(c) + " " + first + "/" + second);
                    }
                }
            }
        }
    }

    /**
     * torch 1.13's CPU kernels, one output value at a time: GENERIC interpolates both source rows along x
     * ({@code fma(a, w0, b * w1)}) and blends them the same way along y; CHANNELS_LAST sums the four taps,
     * weighted by float products of the axis weights, in double.
     */
    private static float[] perPixel(float[] src, int offset, int h, int w, int fullH, int fullW, int keepH, int keepW,
            TorchBilinear.CpuKernel kernel) {
        TorchBilinear.Axis ay = TorchBilinear.axis(h, fullH);
        TorchBilinear.Axis ax = TorchBilinear.axis(w, fullW);
        float[] out = new float[keepH * keepW];
        for (int d = 0; d < keepH; d++) {
            int r0 = offset + ay.index0[d] * w;
            int r1 = offset + ay.index1[d] * w;
            float h0 = ay.lambda0[d];
            float h1 = ay.lambda1[d];
            for (int x = 0; x < keepW; x++) {
                int c0 = ax.index0[x];
                int c1 = ax.index1[x];
                float w0 = ax.lambda0[x];
                float w1 = ax.lambda1[x];
                if (kernel == TorchBilinear.CpuKernel.GENERIC) {
                    float top = Math.fma(src[r0 + c0], w0, src[r0 + c1] * w1);
                    float bottom = Math.fma(src[r1 + c0], w0, src[r1 + c1] * w1);
                    out[d * keepW + x] = Math.fma(top, h0, bottom * h1);
                } else {
                    double sum = (double) (h0 * w0) * src[r0 + c0] + (double) (h0 * w1) * src[r0 + c1]
                            + (double) (h1 * w0) * src[r1 + c0] + (double) (h1 * w1) * src[r1 + c1];
                    out[d * keepW + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian() * 10;
        }
        return v;
    }
}
