package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.engine.GradMode;

import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TinyViT's inference bands and chunks (MBConv, PatchMerging with stride 2 and 1, the MLP) give the
 * whole-map result: tiny bands on small maps with odd sizes, so that every band boundary, the halo
 * rows and the stride phase are exercised. Random weights, including BatchNorm statistics.
 */
class InferenceBandsTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void mbConvBandsEqualWholeMap() {
        MBConv block = new MBConv(8, 4.0, 1e-5);
        ModelWeights.initRandom(block, manager, 3);
        NDArray x = gaussian(new Shape(1, 11, 7, 8), 11);
        block.setBandRows(1000);
        NDArray whole = inference(() -> block.forward(x));
        for (int rows : new int[] {1, 2, 3, 5}) {
            block.setBandRows(rows);
            assertClose(whole, inference(() -> block.forward(x)), "MBConv, bands of " + rows + " rows");
        }
    }

    @Test
    void patchMergingBandsEqualWholeMap() {
        for (int stride : new int[] {2, 1}) {
            for (int h : new int[] {9, 10}) {
                PatchMerging merge = new PatchMerging(6, 10, stride, 1e-5);
                ModelWeights.initRandom(merge, manager, 5);
                NDArray x = gaussian(new Shape(1, h, 5, 6), h);
                merge.setBandBytes(Long.MAX_VALUE);
                NDArray whole = inference(() -> merge.forward(x));
                long rowBytes = 5L * 10 * Float.BYTES;
                for (long rows = 1; rows <= 4; rows++) {
                    merge.setBandBytes(rows * stride * rowBytes);
                    String what = "PatchMerging stride " + stride + ", height " + h + ", bands of " + rows + " output rows";
                    assertClose(whole, inference(() -> merge.forward(x)), what);
                }
            }
        }
    }

    @Test
    void mlpChunksEqualWholeGrid() {
        TinyViTMlp mlp = new TinyViTMlp(6, 24, 1e-5);
        ModelWeights.initRandom(mlp, manager, 9);
        NDArray x = gaussian(new Shape(1, 7, 5, 6), 7);
        mlp.setChunkBytes(Long.MAX_VALUE);
        NDArray whole = inference(() -> mlp.forward(x));
        for (long rows = 1; rows <= 3; rows++) {
            mlp.setChunkBytes(rows * 5 * 24 * Float.BYTES);
            assertClose(whole, inference(() -> mlp.forward(x)), "MLP, chunks of " + rows + " rows");
        }
    }

    /**
     * Standard normal values from a seeded Java generator: the same input on every run and device (the
     * engine's own generator is unseeded here and differs between CPU and GPU, and a draw could leave
     * an output below the "not trivially small" bound).
     */
    private static NDArray gaussian(Shape shape, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return manager.create(v, shape);
    }

    private static NDArray inference(Supplier<NDArray> f) {
        return GradMode.noGrad(f::get);
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float d = expected.sub(actual).abs().max().getFloat();
        assertTrue(d <= 1e-5f, what + ": max |diff| " + d);
        assertTrue(expected.abs().max().getFloat() > 0.1f, what + ": output is not trivially small");
    }
}
