package org.samtune.predict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The row-by-row chain equals the two whole-plane resizes it replaces, value for value (both kernels,
 * enlarging and shrinking, crops, several parallel blocks, a plane at an offset).
 */
class ChainedBilinearTest {
    @Test
    void equalsTwoSeparateResizes() {
        Random rnd = new Random(11);
        // {h, w, full, keepH, keepW, outH, outW}
        int[][] cases = {
            {256, 256, 1024, 1024, 768, 1333, 1000}, // a portrait photo: both steps enlarge
            {256, 256, 1024, 768, 1024, 300, 400},   // the second step shrinks
            {32, 32, 128, 128, 96, 500, 377},
            {13, 17, 40, 31, 7, 9, 64},
            {8, 8, 32, 32, 32, 32, 32},              // identity second step
            {64, 64, 256, 200, 256, 1, 1},
        };
        for (int[] c : cases) {
            int planes = 2;
            float[] src = new float[planes * c[0] * c[1]];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) rnd.nextGaussian() * 10;
            }
            for (TorchBilinear.CpuKernel first : TorchBilinear.CpuKernel.values()) {
                for (TorchBilinear.CpuKernel second : TorchBilinear.CpuKernel.values()) {
                    for (int p = 0; p < planes; p++) {
                        int offset = p * c[0] * c[1];
                        float[] mid = TorchBilinear.resizeCropped(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], first);
                        float[] expected = TorchBilinear.resize(mid, c[3], c[4], c[5], c[6], second);
                        float[] actual = ChainedBilinear.resize(src, offset, c[0], c[1], c[2], c[2], c[3], c[4], first,
                                c[5], c[6], second);
                        assertArrayEquals(expected, actual, 0f, java.util.Arrays.toString(c) + " " + first + "/" + second);
                    }
                }
            }
        }
    }
}
