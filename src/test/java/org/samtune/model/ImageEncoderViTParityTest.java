package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The encoder against segment-anything's own ImageEncoderViT (fixtures/sam-tiny) and finetune-SAM's
 * block order (fixtures/sam-tiny-fsam), every stage, same weights and input. Tolerance: max |diff| <= 1e-4
 * (the README measures float32-vs-float64 noise of about 2.4e-6 on the embeddings).
 */
class ImageEncoderViTParityTest {
    private static final double TOL = 1e-4;
    private static final List<String> STAGES = List.of("patch_embed_out", "after_pos_embed", "block0_out", "block1_out",
            "block2_out", "block3_out", "neck0_out", "neck1_out", "neck2_out", "neck3_out", "image_embeddings");

    @Test
    void originalSamMatchesEveryStage() {
        check(false, "sam-tiny/encoder_intermediates.npz");
    }

    @Test
    void finetuneSamBlockOrderMatchesEveryStage() {
        check(true, "sam-tiny-fsam/encoder_intermediates.npz");
    }

    @Test
    void chunkedAttentionMatchesEveryStage() {
        // 4 KiB chunks: global blocks split one head into 2-row query chunks, windowed blocks
        // group windows×heads into several chunks; results must not depend on the chunking.
        long saved = ViTAttention.chunkBytes();
        ViTAttention.setChunkBytes(4096);
        try {
            check(false, "sam-tiny/encoder_intermediates.npz");
            check(true, "sam-tiny-fsam/encoder_intermediates.npz");
        } finally {
            ViTAttention.setChunkBytes(saved);
        }
    }

    @Test
    void blockOrderSwitchChangesWindowedBlocks() {
        // Guards the fixture pairing itself: with the 8 -> 9 padded grid the two orders must differ.
        try (NDManager m = NDManager.newBaseManager()) {
            NDList a = Fixtures.npz(m, "sam-tiny/encoder_intermediates.npz");
            NDList b = Fixtures.npz(m, "sam-tiny-fsam/encoder_intermediates.npz");
            assertTrue(EncoderTestSupport.maxAbsDiff(a.get("block0_out"), b.get("block0_out")) > 0.1);
        }
    }

    @Test
    void plainForwardEqualsIntermediatesPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageEncoderViT enc = load(m, false);
            NDArray x = Fixtures.npz(m, "sam-tiny/preprocess.npz").get("input_tensor");
            NDArray y = enc.forward(x);
            NDArray ref = Fixtures.npz(m, "sam-tiny/encoder_intermediates.npz").get("image_embeddings");
            assertEquals(ref.getShape(), y.getShape());
            assertTrue(EncoderTestSupport.maxAbsDiff(y, ref) <= TOL);
        }
    }

    private static ImageEncoderViT load(NDManager m, boolean fsamOrder) {
        SamConfig cfg = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        cfg.finetuneSamBlockOrder = fsamOrder;
        ImageEncoderViT enc = new ImageEncoderViT(cfg);
        StateDict sd = EncoderTestSupport.subDict(PthReader.read(Fixtures.file("sam-tiny/model.pth")), "image_encoder.");
        ModelWeights.load(enc, sd, m);
        return enc;
    }

    private static void check(boolean fsamOrder, String expectedFile) {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageEncoderViT enc = load(m, fsamOrder);
            NDArray x = Fixtures.npz(m, "sam-tiny/preprocess.npz").get("input_tensor");
            assertEquals(new ai.djl.ndarray.types.Shape(1, 3, 128, 128), x.getShape());
            NDList expected = Fixtures.npz(m, expectedFile);
            Map<String, NDArray> got = enc.forwardWithIntermediates(x);
            StringBuilder report = new StringBuilder();
            boolean ok = true;
            for (String stage : STAGES) {
                NDArray e = expected.get(stage);
                NDArray g = got.get(stage);
                assertNotNull(e, "fixture lacks " + stage);
                assertNotNull(g, "encoder did not report " + stage);
                assertEquals(e.getShape(), g.getShape(), stage);
                double d = EncoderTestSupport.maxAbsDiff(g, e);
                report.append(String.format("%s: %.3g%n", stage, d));
                ok &= d <= TOL;
            }
            assertTrue(ok, "max |diff| per stage (tolerance " + TOL + "):\n" + report);
        }
    }
}
