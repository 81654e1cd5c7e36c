package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * finetune-SAM's LoRA and adapter checkpoints (fixtures sam-tiny-lora, sam-tiny-adapter: made with
 * finetune-SAM's own modules, random PEFT weights so they matter) load strictly and reproduce its
 * outputs: every encoder stage, SamPredictor cases c and f, and finetune-SAM's no-prompt pipeline.
 * Tolerance 1e-4 (the READMEs measure float32-vs-float64 noise of ~3e-6 on the embeddings).
 */
class PeftParityTest {
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

    private static SamFactory.Loaded load(String fixture, NDManager m) {
        SamConfig cfg = SamConfig.fromJson(Fixtures.file(fixture + "/config.json"));
        assertFalse(cfg.finetuneSamBlockOrder, "the fixture config does not name the block order itself");
        // the tiny decoder's head count is not in the shapes, so the architecture comes from config.json
        return SamFactory.fromCheckpoint(PthReader.read(Fixtures.file(fixture + "/model.pth")), cfg, m);
    }

    @Test
    void loraCheckpointIsRecognised() {
        try (NDManager m = manager.newSubManager()) {
            SamFactory.Loaded l = load("sam-tiny-lora", m);
            assertEquals(PeftConfig.Method.LORA, l.peft.method());
            assertTrue(l.peft.encoderLora);
            assertArrayEquals(new int[] {0, 1}, l.peft.loraEncoderBlocks);
            assertTrue(l.peft.decoderLora);
            assertEquals(4, l.peft.loraRank);
            assertFalse(l.peft.hasAdapters());
            assertTrue(l.sam.config().finetuneSamBlockOrder, "LoRA checkpoints come from finetune-SAM's block order");
            assertTrue(l.describe().contains("LoRA r=4"), l.describe());
        }
    }

    @Test
    void adapterCheckpointIsRecognised() {
        try (NDManager m = manager.newSubManager()) {
            SamFactory.Loaded l = load("sam-tiny-adapter", m);
            assertEquals(PeftConfig.Method.ADAPTER, l.peft.method());
            assertTrue(l.peft.encoderAdapter);
            assertArrayEquals(new int[] {0, 1}, l.peft.adapterEncoderBlocks);
            assertTrue(l.peft.decoderAdapter);
            assertEquals(2, l.peft.decoderAdapterDepth);
            assertEquals(0.25, l.peft.adapterMlpRatio, 0);
            assertFalse(l.peft.hasLora());
            assertTrue(l.sam.config().finetuneSamBlockOrder);
        }
    }

    @TestFactory
    List<DynamicTest> encoderMatchesEveryStage() {
        return each(this::encoderMatchesEveryStageFor, "sam-tiny-lora", "sam-tiny-adapter");
    }

    private void encoderMatchesEveryStageFor(String fixture) {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = load(fixture, m).sam;
            NDList ref = Fixtures.npz(m, fixture + "/encoder_intermediates.npz");
            Map<String, NDArray> got = sam.imageEncoder().forwardWithIntermediates(ref.get("input_tensor"));
            StringBuilder report = new StringBuilder();
            boolean ok = true;
            int compared = 0;
            for (NDArray e : ref) {
                if (e.getName().equals("input_tensor")) {
                    continue;
                }
                NDArray g = got.get(e.getName());
                assertNotNull(g, "encoder did not report " + e.getName());
                double d = maxAbsDiff(e, g);
                report.append(String.format("%s: %.3g%n", e.getName(), d));
                ok &= d <= TOL;
                compared++;
            }
            assertEquals(11, compared);
            assertTrue(ok, fixture + " max |diff| per stage (tolerance " + TOL + "):\n" + report);
        }
    }

    @TestFactory
    List<DynamicTest> predictorCasesMatch() {
        return each(this::predictorCasesMatchFor, "sam-tiny-lora/case_c", "sam-tiny-lora/case_f", "sam-tiny-adapter/case_c", "sam-tiny-adapter/case_f");
    }

    private void predictorCasesMatchFor(String fixtureCase) {
        String fixture = fixtureCase.substring(0, fixtureCase.indexOf('/'));
        try (NDManager m = manager.newSubManager()) {
            Sam sam = load(fixture, m).sam;
            NDList npz = Fixtures.npz(m, fixtureCase + ".npz");
            NDArray emb = sam.imageEncoder().forward(npz.get("input_tensor"));
            assertClose(npz.get("image_embeddings"), emb, fixtureCase + " image_embeddings");

            NDArray coords = null, labels = null, box = null;
            if (flag(npz, "has_points")) {
                NDArray c = npz.get("point_coords_model");
                coords = c.reshape(1, c.getShape().get(0), 2);
                labels = npz.get("point_labels").reshape(1, -1);
            }
            if (flag(npz, "has_box")) {
                box = npz.get("box_model");
            }
            assertFalse(flag(npz, "has_mask_input"));
            NDArray[] prompts = sam.promptEncoder().encode(m, coords, labels, box, null);
            assertClose(npz.get("sparse_embeddings"), prompts[0], fixtureCase + " sparse_embeddings");
            assertClose(npz.get("dense_embeddings"), prompts[1], fixtureCase + " dense_embeddings");
            NDArray pe = sam.promptEncoder().denseImagePe(m);
            assertClose(npz.get("image_pe"), pe, fixtureCase + " image_pe");

            NDArray[] out = sam.maskDecoder().predict(emb, pe, prompts[0], prompts[1], flag(npz, "multimask_output"));
            assertClose(npz.get("low_res_logits"), out[0], fixtureCase + " low_res_logits");
            assertClose(npz.get("iou_predictions"), out[1], fixtureCase + " iou_predictions");
        }
    }

    /** finetune-SAM's own no-prompt pipeline: encoder, prompt_encoder(None), multimask decoder, argmax. */
    @TestFactory
    List<DynamicTest> finetuneSamNoPromptPipelineMatches() {
        return each(this::finetuneSamNoPromptPipelineMatchesFor, "sam-tiny-lora", "sam-tiny-adapter");
    }

    private void finetuneSamNoPromptPipelineMatchesFor(String fixture) {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = load(fixture, m).sam;
            NDList npz = Fixtures.npz(m, fixture + "/case_f_fsam.npz");
            NDArray emb = sam.imageEncoder().forward(npz.get("input_tensor"));
            assertClose(npz.get("image_embeddings"), emb, fixture + " fsam image_embeddings");
            NDArray[] prompts = sam.promptEncoder().encode(m, null, null, null, null);
            assertClose(npz.get("sparse_embeddings"), prompts[0], fixture + " fsam sparse");
            assertClose(npz.get("dense_embeddings"), prompts[1], fixture + " fsam dense");
            NDArray[] out = sam.maskDecoder().predict(emb, sam.promptEncoder().denseImagePe(m), prompts[0], prompts[1], true);
            assertClose(npz.get("low_res_logits"), out[0], fixture + " fsam low_res_logits");
            assertClose(npz.get("iou_predictions"), out[1], fixture + " fsam iou_predictions");
            long[] expected = npz.get("class_map").toLongArray();
            long[] actual = out[0].argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
            assertArrayEquals(expected, actual, fixture + " class_map (argmax over classes)");
        }
    }

    /** What we save is what finetune-SAM saved: same keys, same order, same values. */
    @TestFactory
    List<DynamicTest> exportRoundTripsTheFile() {
        return each(this::exportRoundTripsTheFileFor, "sam-tiny-lora", "sam-tiny-adapter");
    }

    private void exportRoundTripsTheFileFor(String fixture) {
        try (NDManager m = manager.newSubManager()) {
            StateDict file = PthReader.read(Fixtures.file(fixture + "/model.pth"));
            Sam sam = load(fixture, m).sam;
            StateDict out = ModelWeights.export(sam);
            assertEquals(new ArrayList<>(file.tensors().keySet()), new ArrayList<>(out.tensors().keySet()));
            for (Map.Entry<String, HostTensor> e : file.tensors().entrySet()) {
                HostTensor o = out.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), o.shape(), e.getKey());
                assertArrayEquals(e.getValue().toFloats(), o.toFloats(), e.getKey());
            }
        }
    }

    @Test
    void fixtureExtraKeysAreExactlyThePeftOnlyTensors() {
        for (String fixture : new String[] {"sam-tiny-lora", "sam-tiny-adapter"}) {
            StateDict file = PthReader.read(Fixtures.file(fixture + "/model.pth"));
            List<String> peftOnly = new ArrayList<>();
            for (String k : file.tensors().keySet()) {
                if (PeftKeys.isPeftOnly(k)) {
                    peftOnly.add(k);
                }
            }
            assertEquals(fixture.endsWith("lora") ? 36 : 40, peftOnly.size(), fixture);
        }
    }

    private static List<DynamicTest> each(Consumer<String> test, String... names) {
        return Arrays.stream(names).map(n -> DynamicTest.dynamicTest(n, () -> test.accept(n))).collect(Collectors.toList());
    }

    private static boolean flag(NDList npz, String key) {
        return npz.get(key).toBooleanArray()[0];
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        assertEquals(a.getShape(), b.getShape());
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        double d = maxAbsDiff(expected, actual);
        assertTrue(d <= TOL, what + ": max |diff| " + d + " > " + TOL);
    }
}
