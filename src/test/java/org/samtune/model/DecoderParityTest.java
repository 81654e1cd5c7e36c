package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prompt encoder + mask decoder against segment-anything's own outputs on the sam-tiny fixtures
 * (README: float32-vs-float64 noise there is ~1e-6, so 1e-4 is a real check).
 */
class DecoderParityTest {
    private static final double TOL = 1e-4;
    private static NDManager manager;
    private static PromptEncoder promptEncoder;
    private static MaskDecoder maskDecoder;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        SamConfig cfg = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        StateDict sd = PthReader.read(Fixtures.file("sam-tiny/model.pth"));
        promptEncoder = new PromptEncoder(cfg);
        maskDecoder = new MaskDecoder(cfg);
        ModelWeights.load(promptEncoder, SubStateDicts.under(sd, "prompt_encoder."), manager);
        ModelWeights.load(maskDecoder, SubStateDicts.under(sd, "mask_decoder."), manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static boolean flag(NDList npz, String key) {
        return npz.get(key).toBooleanArray()[0]; // 0-d arrays come back with shape (1)
    }

    /** {sparse, dense} for the npz's prompts, exactly as SamPredictor fed them. */
    private static NDArray[] encodePrompts(NDList npz) {
        NDArray coords = null, labels = null, box = null, mask = null;
        if (flag(npz, "has_points")) {
            NDArray c = npz.get("point_coords_model");
            coords = c.reshape(1, c.getShape().get(0), 2);
            labels = npz.get("point_labels").reshape(1, -1);
        }
        if (flag(npz, "has_box")) {
            box = npz.get("box_model");
        }
        if (flag(npz, "has_mask_input")) {
            mask = npz.get("mask_input");
        }
        return promptEncoder.encode(npz.getManager(), coords, labels, box, mask);
    }

    static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs((double) e[i] - a[i]));
        }
        assertTrue(max <= tol, what + ": max |diff| " + max + " > " + tol);
    }

    @TestFactory
    List<DynamicTest> matchesSegmentAnything() {
        return List.of("a", "b", "c", "d", "e", "f", "g").stream()
                .map(id -> DynamicTest.dynamicTest("case " + id, () -> checkCase(id)))
                .collect(java.util.stream.Collectors.toList());
    }

    private static void checkCase(String id) {
        try (NDManager m = manager.newSubManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/case_" + id + ".npz");
            NDArray[] prompts = encodePrompts(npz);
            assertClose(npz.get("sparse_embeddings"), prompts[0], TOL, "case " + id + " sparse_embeddings");
            assertClose(npz.get("dense_embeddings"), prompts[1], TOL, "case " + id + " dense_embeddings");

            NDArray pe = promptEncoder.denseImagePe(m);
            assertClose(npz.get("image_pe"), pe, TOL, "case " + id + " image_pe");

            NDArray[] out = maskDecoder.predict(npz.get("image_embeddings"), pe, prompts[0], prompts[1], flag(npz, "multimask_output"));
            assertClose(npz.get("low_res_logits"), out[0], TOL, "case " + id + " low_res_logits");
            assertClose(npz.get("iou_predictions"), out[1], TOL, "case " + id + " iou_predictions");
        }
    }

    @Test
    void intermediatesOfCaseD() {
        try (NDManager m = manager.newSubManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/case_d.npz");
            NDList ref = Fixtures.npz(m, "sam-tiny/decoder_intermediates_case_d.npz");
            NDArray[] prompts = encodePrompts(npz);
            Map<String, NDArray> trace = new HashMap<>();
            NDArray[] all = maskDecoder.predictMasks(npz.get("image_embeddings"), promptEncoder.denseImagePe(m),
                    prompts[0], prompts[1], trace);
            trace.put("sparse_embeddings", prompts[0]);
            trace.put("dense_embeddings", prompts[1]);
            trace.put("masks_all_tokens", all[0]);
            trace.put("iou_all_tokens", all[1]);
            assertEquals(14, ref.size());
            for (NDArray expected : ref) {
                NDArray actual = trace.get(expected.getName());
                assertTrue(actual != null, "no traced tensor " + expected.getName());
                assertClose(expected, actual, TOL, "case d " + expected.getName());
            }
        }
    }

    /** Several boxes for one image in one decoder batch give each box's own single-prompt result. */
    @Test
    void batchOfBoxesAgainstOneImageEmbedding() {
        try (NDManager m = manager.newSubManager()) {
            NDList c = Fixtures.npz(m, "sam-tiny/case_c.npz");
            NDArray emb = c.get("image_embeddings");
            NDArray pe = promptEncoder.denseImagePe(m);
            NDArray other = m.create(new float[] {5f, 70f, 90f, 120f}, new Shape(1, 4));
            NDArray boxes = NDArrays.concat(new NDList(c.get("box_model"), other), 0); // (2, 4)

            NDArray[] prompts = promptEncoder.encode(boxes.getManager(), null, null, boxes, null);
            assertEquals(new Shape(2, 2, 32), prompts[0].getShape());
            NDArray[] both = maskDecoder.predict(emb, pe, prompts[0], prompts[1], false);
            assertEquals(new Shape(2, 1, 32, 32), both[0].getShape());

            assertClose(c.get("low_res_logits"), both[0].get("0:1"), TOL, "box 0 logits");
            assertClose(c.get("iou_predictions"), both[1].get("0:1"), TOL, "box 0 iou");
            NDArray[] single = promptEncoder.encode(m, null, null, other, null);
            NDArray[] alone = maskDecoder.predict(emb, pe, single[0], single[1], false);
            assertClose(alone[0], both[0].get("1:2"), 1e-5, "box 1 logits");
            assertClose(alone[1], both[1].get("1:2"), 1e-5, "box 1 iou");
        }
    }

    /** finetune-SAM trains with a batch of images and no prompt (sparse batch 1): image i gets its own result. */
    @Test
    void batchOfImagesWithoutPrompts() {
        try (NDManager m = manager.newSubManager()) {
            NDList f = Fixtures.npz(m, "sam-tiny/case_f.npz");
            NDList g = Fixtures.npz(m, "sam-tiny/case_g.npz");
            NDArray embs = NDArrays.concat(new NDList(f.get("image_embeddings"), g.get("image_embeddings")), 0);
            NDArray pe = promptEncoder.denseImagePe(m);
            NDArray[] none = promptEncoder.encode(m, null, null, null, null);
            assertEquals(new Shape(1, 0, 32), none[0].getShape());
            NDArray[] both = maskDecoder.predict(embs, pe, none[0], none[1], true);
            assertEquals(new Shape(2, 3, 32, 32), both[0].getShape());
            assertClose(f.get("low_res_logits"), both[0].get("0:1"), TOL, "image 0 logits");
            assertClose(f.get("iou_predictions"), both[1].get("0:1"), TOL, "image 0 iou");
            NDArray[] alone = maskDecoder.predict(g.get("image_embeddings"), pe, none[0], none[1], true);
            assertClose(alone[0], both[0].get("1:2"), 1e-5, "image 1 logits");
            assertClose(alone[1], both[1].get("1:2"), 1e-5, "image 1 iou");
        }
    }

    /** Training fine-tunes the decoder: every one of its parameters must receive a gradient. */
    @Test
    void everyDecoderParameterGetsAGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDList d = Fixtures.npz(m, "sam-tiny/case_d.npz");
            NDArray[] prompts = encodePrompts(d);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray[] all = maskDecoder.predictMasks(d.get("image_embeddings"), promptEncoder.denseImagePe(m), prompts[0], prompts[1], null);
                gc.backward(all[0].square().mean().add(all[1].square().mean()));
            }
            for (Map.Entry<String, ai.djl.nn.Parameter> e : maskDecoder.namedParameters().entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                float absSum = g.abs().sum().getFloat();
                assertTrue(absSum > 0 && Float.isFinite(absSum), e.getKey() + " gradient |sum| = " + absSum);
                g.close();
            }
        }
    }

    @Test
    void allTokensVariantContainsBothSlices() {
        try (NDManager m = manager.newSubManager()) {
            NDList d = Fixtures.npz(m, "sam-tiny/case_d.npz");
            NDList ref = Fixtures.npz(m, "sam-tiny/decoder_intermediates_case_d.npz");
            NDArray[] prompts = encodePrompts(d);
            NDArray[] all = maskDecoder.predictAllTokens(d.get("image_embeddings"), promptEncoder.denseImagePe(m), prompts[0], prompts[1]);
            assertClose(ref.get("masks_all_tokens"), all[0], TOL, "all mask tokens");
            assertClose(ref.get("iou_all_tokens"), all[1], TOL, "all iou");
            assertArrayEquals(d.get("low_res_logits").toFloatArray(), all[0].get(":, 1:").toFloatArray(), (float) TOL);
        }
    }
}
