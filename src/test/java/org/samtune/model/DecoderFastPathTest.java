package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.PthReader;
import org.samtune.engine.GradMode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mask decoder's re-associated inference attention ({@link DecoderAttention.Path#REASSOCIATED})
 * computes the same function as the reference order of operations used for training
 * ({@link DecoderAttention.Path#STANDARD}): on random vit_b-sized weights (256-d, 64x64 image,
 * 8 heads, internal dim 128), with and without finetune-SAM's decoder LoRA, and on the sam-tiny
 * fixtures (plain, LoRA, adapters). Tolerance 1e-4 absolute on mask logits and IoU, as the parity tests.
 */
class DecoderFastPathTest {
    private static final double TOL = 1e-4;
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
    void vitBSizedRandomDecoderMatches() {
        compareRandom(null);
    }

    @Test
    void vitBSizedRandomDecoderWithLoraMatches() {
        compareRandom(PeftConfig.lora(4, new int[] {0}, true));
    }

    private void compareRandom(PeftConfig peft) {
        try (NDManager m = manager.newSubManager()) {
            SamConfig cfg = SamConfig.vitB();
            MaskDecoder decoder = peft == null ? new MaskDecoder(cfg) : new MaskDecoder(cfg, peft);
            ModelWeights.initRandom(decoder, m, 7);
            Random rnd = new Random(11);
            int c = cfg.transformerEmbeddingDim, e = cfg.imageEmbeddingSize[0];
            NDArray emb = random(m, rnd, 1f, 1, c, e, e);
            NDArray pe = random(m, rnd, 1f, 1, c, e, e);
            NDArray sparse = random(m, rnd, 1f, 2, 3, c); // two prompts of three tokens, one image
            NDArray dense = random(m, rnd, 0.1f, 2, c, e, e);
            assertSame(decoder, emb, pe, sparse, dense, "vit_b" + (peft == null ? "" : " LoRA"));
        }
    }

    @Test
    void samTinyFixturesMatch() {
        for (String fixture : new String[] {"sam-tiny", "sam-tiny-lora", "sam-tiny-adapter"}) {
            try (NDManager m = manager.newSubManager()) {
                SamConfig cfg = SamConfig.fromJson(Fixtures.file(fixture + "/config.json"));
                Sam sam = SamFactory.fromCheckpoint(PthReader.read(Fixtures.file(fixture + "/model.pth")), cfg, m).sam;
                NDArray emb = Fixtures.npz(m, fixture + "/case_c.npz").get("image_embeddings");
                PromptEncoder pEnc = sam.promptEncoder();
                NDArray coords = m.create(new float[] {10, 20, 90, 40, 64, 100, 30, 30, 70, 80, 120, 5}, new Shape(2, 3, 2));
                NDArray labels = m.create(new float[] {1, 0, 1, 1, 1, 0}, new Shape(2, 3));
                NDArray boxes = m.create(new float[] {5, 8, 100, 110, 20, 30, 60, 90}, new Shape(2, 4));
                NDArray pe = pEnc.denseImagePe(m);
                NDArray[] pointsOnly = pEnc.encode(coords, labels, null, null);
                assertSame(sam.maskDecoder(), emb, pe, pointsOnly[0], pointsOnly[1], fixture + " points");
                NDArray[] both = pEnc.encode(coords, labels, boxes, null);
                assertSame(sam.maskDecoder(), emb, pe, both[0], both[1], fixture + " points+box");
            }
        }
    }

    /**
     * Masks and IoU, and the transformer's outputs (LayerNorm outputs, of order one, so the absolute
     * tolerance also means something where random weights give tiny logits).
     */
    private static void assertSame(MaskDecoder decoder, NDArray emb, NDArray pe, NDArray sparse, NDArray dense, String what) {
        try {
            Map<String, NDArray> refTrace = new HashMap<>();
            Map<String, NDArray> fastTrace = new HashMap<>();
            decoder.setAttentionPath(DecoderAttention.Path.STANDARD);
            NDArray[] ref = GradMode.noGrad(() -> decoder.predictMasks(emb, pe, sparse, dense, refTrace));
            decoder.setAttentionPath(DecoderAttention.Path.REASSOCIATED);
            NDArray[] fast = GradMode.noGrad(() -> decoder.predictMasks(emb, pe, sparse, dense, fastTrace));
            // without a trace, inference also takes the cached channels-last inputs and a shortened final attention
            NDArray[] inference = GradMode.noGrad(() -> decoder.predictAllTokens(emb, pe, sparse, dense));
            StringBuilder report = new StringBuilder(what);
            boolean ok = true;
            String[] names = {"masks", "iou", "transformer_out_hs", "transformer_out_src", "masks (inference)", "iou (inference)"};
            NDArray[] a = {ref[0], ref[1], refTrace.get(names[2]), refTrace.get(names[3]), ref[0], ref[1]};
            NDArray[] b = {fast[0], fast[1], fastTrace.get(names[2]), fastTrace.get(names[3]), inference[0], inference[1]};
            for (int i = 0; i < names.length; i++) {
                double d = a[i].sub(b[i]).abs().max().getFloat();
                double size = a[i].abs().max().getFloat();
                report.append(String.format(Locale.ROOT, "; %s max |diff| %.3g (max |value| %.3g)", names[i], d, size));
                ok &= d <= TOL;
                if (i == 2 || i == 3) {
                    assertTrue(size > 0.5, what + ": " + names[i] + " is not of order one");
                }
            }
            assertTrue(ok, report.toString());
        } finally {
            decoder.setAttentionPath(DecoderAttention.Path.AUTO);
        }
    }

    private static NDArray random(NDManager m, Random rnd, float sd, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * sd);
        }
        return m.create(v, new Shape(shape));
    }
}
