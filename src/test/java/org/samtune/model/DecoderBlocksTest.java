package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The block-level paths that the fixtures reach only in one layout. */
class DecoderBlocksTest {

    @Test
    void convTransposeLayoutsAgreeWithSamOps() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2dKeqS up = new ConvTranspose2dKeqS(6, 5, 2);
            ModelWeights.initRandom(up, m, 3);
            ModelWeights.set(up.namedParameters().get("bias"), m.randomNormal(new Shape(5)));
            NDArray x = m.randomNormal(new Shape(2, 6, 3, 4));
            NDArray expected = SamOps.convTransposeKeqS(x, up.namedParameters().get("weight").getArray(),
                    up.namedParameters().get("bias").getArray());
            assertEquals(new Shape(2, 5, 6, 8), expected.getShape());
            DecoderParityTest.assertClose(expected, up.forward(x), 1e-5, "NCHW");
            DecoderParityTest.assertClose(expected.transpose(0, 2, 3, 1), up.forwardChannelsLast(x.transpose(0, 2, 3, 1)), 1e-5,
                    "channels-last");
        }
    }

    /** The decoder applies output_upscaling's LayerNorm2d as a last-axis LayerNorm on channels-last data. */
    @Test
    void channelsLastLayerNormIsLayerNorm2d() {
        try (NDManager m = NDManager.newBaseManager()) {
            ViTLayerNorm ln = new ViTLayerNorm(7, 1e-6);
            ModelWeights.set(ln.namedParameters().get("weight"), m.randomNormal(new Shape(7)));
            ModelWeights.set(ln.namedParameters().get("bias"), m.randomNormal(new Shape(7)));
            NDArray x = m.randomNormal(new Shape(2, 7, 5, 3)).mul(3f).add(1f);
            NDArray expected = SamOps.layerNorm2d(x, ln.namedParameters().get("weight").getArray(),
                    ln.namedParameters().get("bias").getArray(), 1e-6);
            DecoderParityTest.assertClose(expected, ln.forward(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2), 1e-5, "LayerNorm2d");
        }
    }
}
