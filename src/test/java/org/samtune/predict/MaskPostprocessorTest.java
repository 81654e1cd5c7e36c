package org.samtune.predict;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * postprocess_masks against the reference's upscaled_logits / masks: abs 1e-4 on logits, masks equal
 * except where |logit| < 1e-4 (float32 rounding can flip those).
 */
class MaskPostprocessorTest {
    private static final float TOL = 1e-4f;

    /**
     * sam-tiny (128 input, 32x32 logits; case g shrinks the image, the others enlarge it) and vit_t
     * (1024 input, 256x256 logits, 120x90 original: the last resize SHRINKS 1024x768 -> 120x90). Cases
     * b, c, e and vit_t c have one mask (torch's channels-last kernel on the low-res logits; for vit_t c
     * also on the crop, which keeps whole 1024-wide rows).
     */
    @TestFactory
    Stream<DynamicTest> upscalesLikeReference() {
        return Stream.of("sam-tiny/case_a", "sam-tiny/case_b", "sam-tiny/case_c", "sam-tiny/case_d",
                "sam-tiny/case_e", "sam-tiny/case_f", "sam-tiny/case_g", "sam-tiny-vit_t/case_a",
                "sam-tiny-vit_t/case_c", "sam-tiny-vit_t/case_f")
                .map(c -> DynamicTest.dynamicTest(c, () -> checkCase(c)));
    }

    private void checkCase(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, name + ".npz");
            int[] input = npz.get("input_size").toIntArray();
            int[] orig = npz.get("original_size").toIntArray();
            NDArray low = npz.get("low_res_logits");
            Shape ls = low.getShape();
            // The mask decoder upscales the embedding grid 4x; the image encoder downsamples 16x from 4x that.
            int imgSize = 4 * (int) ls.get(2);
            assertEquals(name.startsWith("sam-tiny/") ? 128 : 1024, imgSize);
            float[] expected = npz.get("upscaled_logits").toFloatArray();
            boolean[] expectedMasks = npz.get("masks").toBooleanArray();

            // NDArray path (matrices)
            NDArray up = MaskPostprocessor.postprocessMasks(low, imgSize, input, orig);
            assertEquals(new Shape(ls.get(0), ls.get(1), orig[0], orig[1]), up.getShape());
            float[] nd = up.toFloatArray();
            assertEquals(0f, SamPreprocessorTest.maxAbsDiff(expected, nd), TOL, "NDArray logits");
            checkMasks(expected, expectedMasks, MaskPostprocessor.threshold(up, 0f).toBooleanArray(), "NDArray");

            // float[] path: torch's weights, kernel choice and operation order, so every value is
            // expected to be identical; the 1e-4 tolerance above is what callers rely on.
            float[] fl = MaskPostprocessor.postprocessMasks(low.toFloatArray(), (int) ls.get(0), (int) ls.get(1),
                    (int) ls.get(2), (int) ls.get(3), imgSize, input, orig);
            assertArrayEquals(expected, fl, 0f, "float[] logits bit-exact");
            assertArrayEquals(expectedMasks, MaskPostprocessor.threshold(fl, 0f), "float[] masks");
            System.out.printf("%s: max |diff| NDArray %.3g, float[] %.3g%n", name,
                    SamPreprocessorTest.maxAbsDiff(expected, nd), SamPreprocessorTest.maxAbsDiff(expected, fl));
        }
    }

    private static void checkMasks(float[] logits, boolean[] expected, boolean[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                assertTrue(Math.abs(logits[i]) < TOL, what + " mask differs at " + i + " where logit = " + logits[i]);
            }
        }
    }

    /** torch's layout rule: channels-last contiguous (size-1 dims ignored) selects the other kernel. */
    @Test
    void kernelChoiceFollowsTorchLayoutRule() {
        assertEquals(TorchBilinear.CpuKernel.CHANNELS_LAST,
                TorchBilinear.kernelFor(new long[] {1, 1, 32, 32}, new long[] {1024, 1024, 32, 1}));
        assertEquals(TorchBilinear.CpuKernel.GENERIC,
                TorchBilinear.kernelFor(new long[] {1, 3, 32, 32}, new long[] {3072, 1024, 32, 1}));
        // crop of a 128x128 plane to 128x96: rows are not contiguous
        assertEquals(TorchBilinear.CpuKernel.GENERIC,
                TorchBilinear.kernelFor(new long[] {1, 1, 128, 96}, new long[] {16384, 16384, 128, 1}));
        // crop to 96x128 keeps whole rows
        assertEquals(TorchBilinear.CpuKernel.CHANNELS_LAST,
                TorchBilinear.kernelFor(new long[] {1, 1, 96, 128}, new long[] {16384, 16384, 128, 1}));
        // ... but not with several planes
        assertEquals(TorchBilinear.CpuKernel.GENERIC,
                TorchBilinear.kernelFor(new long[] {2, 1, 96, 128}, new long[] {16384, 16384, 128, 1}));
    }

    /** align_corners=False weights by hand: 2 -> 4 gives sources -0.25(->0), 0.25, 0.75, 1.25(->1). */
    @Test
    void matrixRowsAreTorchWeights() {
        float[] r = TorchBilinear.matrix(2, 4, 4);
        assertArrayEquals(new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1}, r, 0f);
        // shrinking without antialiasing: 4 -> 2 reads sources 0.5 and 2.5 (two taps only)
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0.5f, 0.5f}, TorchBilinear.matrix(4, 2, 2), 0f);
        // 5 -> 3: scale 5/3, sources 1/3, 2, 11/3
        float[] s = TorchBilinear.matrix(5, 3, 3);
        assertArrayEquals(new float[] {2 / 3f, 1 / 3f, 0, 0, 0}, new float[] {s[0], s[1], s[2], s[3], s[4]}, 1e-6f);
        assertEquals(1f, s[5 + 2], 1e-6f);
        assertEquals(1 / 3f, s[10 + 3], 1e-6f);
        assertEquals(2 / 3f, s[10 + 4], 1e-6f);
    }

    /** Both implementations agree on an arbitrary shrink/enlarge with a crop. */
    @Test
    void ndArrayAndFloatPathsAgree() {
        java.util.Random rnd = new java.util.Random(5);
        float[] x = new float[2 * 13 * 17];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(x, new Shape(1, 2, 13, 17));
            NDArray nd = TorchBilinear.resizeCropped(a, 40, 9, 31, 7);
            assertEquals(new Shape(1, 2, 31, 7), nd.getShape());
            float[] nd2 = nd.toFloatArray();
            for (TorchBilinear.CpuKernel k : TorchBilinear.CpuKernel.values()) {
                for (int p = 0; p < 2; p++) {
                    float[] f = TorchBilinear.resizeCropped(x, p * 13 * 17, 13, 17, 40, 9, 31, 7, k);
                    for (int i = 0; i < f.length; i++) {
                        assertEquals(f[i], nd2[p * f.length + i], 1e-5f, k.name());
                    }
                }
            }
        }
    }

    /** d sum(R_y x R_xᵀ) / dx = outer(column sums of R_y, column sums of R_x). */
    @Test
    void isDifferentiable() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 1, 4, 6));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = MaskPostprocessor.postprocessMasks(x, 16, new int[] {16, 12}, new int[] {7, 5});
                gc.backward(y.sum());
            }
            float[] g = x.getGradient().toFloatArray();
            float[] ry = compose(TorchBilinear.matrix(16, 7, 7), 7, 16, TorchBilinear.matrix(4, 16, 16), 4);
            float[] rx = compose(TorchBilinear.matrix(12, 5, 5), 5, 12, TorchBilinear.matrix(6, 16, 12), 6);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(colSum(ry, 7, 4, i) * colSum(rx, 5, 6, j), g[i * 6 + j], 1e-5f);
                }
            }
        }
    }

    private static float[] compose(float[] a, int rows, int inner, float[] b, int cols) {
        float[] c = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                for (int j = 0; j < cols; j++) {
                    c[i * cols + j] += a[i * inner + k] * b[k * cols + j];
                }
            }
        }
        return c;
    }

    private static float colSum(float[] a, int rows, int cols, int j) {
        float s = 0;
        for (int i = 0; i < rows; i++) {
            s += a[i * cols + j];
        }
        return s;
    }
}
