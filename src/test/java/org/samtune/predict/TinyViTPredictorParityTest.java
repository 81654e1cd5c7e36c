package org.samtune.predict;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.samtune.Fixtures;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.model.PeftConfig;
import org.samtune.model.SamConfig;
import org.samtune.model.SamFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vit_t end to end (fixture sam-tiny-vit_t: finetune-SAM's TinyViT + segment-anything's prompt encoder,
 * mask decoder and SamPredictor): image.png and prompts in original pixels in, embeddings, logits, IoU,
 * upscaled logits and masks out, within 1e-4, masks equal except where |logit| < 1e-4. Then finetune-SAM's
 * LoRA checkpoint on TinyViT (case f_lora), assembled as finetune-SAM saves it.
 */
class TinyViTPredictorParityTest {
    private static final String DIR = "sam-tiny-vit_t";
    private static LoadedModel model;

    @BeforeAll
    static void load() {
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = SamConfig.fromJson(Fixtures.file(DIR + "/config.json"));
        o.threads = 1;
        o.preprocessing = InputPreprocessing.SAM;
        model = ModelLoader.load(Fixtures.file(DIR + "/model.pth"), o);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Asserts one case's outputs; image embeddings only where the npz has them. */
    static void assertCase(NDList c, SamPredictor predictor, Prediction p) {
        if (c.contains("image_embeddings")) {
            float d = SamPredictorParityTest.maxAbs(c.get("image_embeddings").toFloatArray(), predictor.embedding());
            assertTrue(d <= 1e-4, "image embeddings: " + d);
        }
        float d = SamPredictorParityTest.maxAbs(c.get("low_res_logits").toFloatArray(), p.lowResLogits);
        assertTrue(d <= 1e-4, "low-res logits: " + d);
        d = SamPredictorParityTest.maxAbs(c.get("iou_predictions").toFloatArray(), p.iouPredictions);
        assertTrue(d <= 1e-4, "iou: " + d);
        float[] upscaled = c.get("upscaled_logits").toFloatArray();
        float[] ours = p.upscaledLogits();
        d = SamPredictorParityTest.maxAbs(upscaled, ours);
        assertTrue(d <= 1e-4, "upscaled logits: " + d);
        boolean[] expected = c.get("masks").toBooleanArray();
        int flips = 0;
        for (int i = 0; i < upscaled.length; i++) {
            if ((ours[i] > 0f) != expected[i] && Math.abs(upscaled[i]) >= 1e-4f) {
                flips++;
            }
        }
        assertEquals(0, flips, "mask pixels differing where |logit| >= 1e-4");
        assertArrayEquals(c.get("original_size").toIntArray(), new int[] {p.height, p.width});
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_a", "case_c", "case_f"})
    void matchesReferencePredictor(String name) {
        try (NDManager m = NDManager.newBaseManager();
             SamPredictor predictor = new SamPredictor(model.model(), model.manager(), InputPreprocessing.SAM)) {
            NDList c = Fixtures.npz(m, DIR + "/" + name + ".npz");
            predictor.setImage(SamPredictorParityTest.image(DIR + "/image.png"));
            Prediction p = predictor.predict(SamPredictorParityTest.prompts(c), c.get("multimask_output").getBoolean());
            assertCase(c, predictor, p);
        }
    }

    /**
     * finetune-SAM's checkpoint for LoRA_Sam(vit_t): model.pth with the wrapped layers' keys renamed
     * (lora_extra_keys.txt) plus the LoRA tensors of lora_weights.pth.
     */
    static StateDict finetuneSamLoraCheckpoint() throws IOException {
        Map<String, String> renamed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.file(DIR + "/lora_extra_keys.txt"), StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+->\\s+");
            if (f.length == 2) {
                renamed.put(f[0], f[1]);
            }
        }
        assertEquals(34, renamed.size());
        Map<String, HostTensor> out = new LinkedHashMap<>();
        PthReader.read(Fixtures.file(DIR + "/model.pth")).tensors().forEach((k, v) -> out.put(renamed.getOrDefault(k, k), v));
        StateDict lora = PthReader.read(Fixtures.file(DIR + "/lora_weights.pth"));
        assertEquals(40, lora.size());
        out.putAll(lora.tensors());
        return new StateDict(out, Fixtures.file(DIR + "/lora_weights.pth"));
    }

    @Test
    void finetuneSamLoraOnTinyViTReproducesItsOutput() throws IOException {
        SamConfig cfg = SamConfig.fromJson(Fixtures.file(DIR + "/config.json"));
        try (NDManager m = NDManager.newBaseManager()) {
            SamFactory.Loaded l = SamFactory.fromCheckpoint(finetuneSamLoraCheckpoint(), cfg, m);
            // LoRA_Sam's TinyViT branch: t = 0, 1 of [0,1,10,11] -> layers.1 and layers.2, finetune-SAM's channel slices
            assertArrayEquals(new int[] {0, 1}, l.peft.loraEncoderBlocks);
            assertEquals(PeftConfig.TinyVitLoraLayout.FINETUNE_SAM, l.peft.tinyVitLoraLayout);
            assertTrue(l.peft.decoderLora);
            try (SamPredictor predictor = new SamPredictor(l.sam, m, InputPreprocessing.SAM)) {
                NDList c = Fixtures.npz(m, DIR + "/case_f_lora.npz");
                predictor.setImage(SamPredictorParityTest.image(DIR + "/image.png"));
                Prediction p = predictor.predict(SamPredictorParityTest.prompts(c), c.get("multimask_output").getBoolean());
                assertTrue(SamPredictorParityTest.prompts(c).isEmpty(), "case f has no prompt");
                assertCase(c, predictor, p);
            }
        }
    }

    @Test
    void loraCheckpointLoadsThroughModelLoader() throws IOException {
        // the same checkpoint as one file, through the front-ends' loader (PEFT modules read off the keys)
        java.nio.file.Path tmp = Files.createTempFile("fsam_vit_t_lora", ".pth");
        try {
            org.samtune.checkpoint.PthWriter.write(finetuneSamLoraCheckpoint(), tmp);
            ModelLoader.Options o = new ModelLoader.Options();
            o.config = SamConfig.fromJson(Fixtures.file(DIR + "/config.json"));
            o.threads = 1;
            o.preprocessing = InputPreprocessing.SAM;
            try (LoadedModel lm = ModelLoader.load(tmp, o);
                 NDManager m = NDManager.newBaseManager();
                 SamPredictor predictor = new SamPredictor(lm.model(), lm.manager(), InputPreprocessing.SAM)) {
                NDList c = Fixtures.npz(m, DIR + "/case_f_lora.npz");
                predictor.setImage(SamPredictorParityTest.image(DIR + "/image.png"));
                assertCase(c, predictor, predictor.predict(List.of(), true));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
