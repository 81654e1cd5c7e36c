package org.samtune.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;
import org.samtune.model.PeftConfig;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * finetune-SAM LoRA/adapter checkpoints through the front-ends' loader and predictor, from the image
 * file: finetune-SAM's no-prompt pipeline (case_f_fsam) and SamPredictor with a box (case_c), within 1e-4.
 */
class PeftModelLoaderTest {

    @TestFactory
    List<DynamicTest> peftCheckpointsPredictLikeFinetuneSam() {
        return Stream.of("sam-tiny-lora", "sam-tiny-adapter")
                .map(f -> DynamicTest.dynamicTest(f, () -> check(f))).collect(Collectors.toList());
    }

    private static void check(String fixture) throws IOException {
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = SamConfig.fromJson(Fixtures.file(fixture + "/config.json")); // tiny decoder heads are not inferable
        o.threads = 1;
        try (LoadedModel model = ModelLoader.load(Fixtures.file(fixture + "/model.pth"), o);
             NDManager m = NDManager.newBaseManager()) {
            PeftConfig.Method expected = fixture.endsWith("lora") ? PeftConfig.Method.LORA : PeftConfig.Method.ADAPTER;
            assertEquals(expected, model.model().peft().method());
            assertTrue(model.config().finetuneSamBlockOrder);
            assertEquals(InputPreprocessing.FINETUNE_SAM, model.preprocessing());
            RgbImage image = RgbImage.fromBufferedImage(ImageIO.read(Fixtures.file("sam-tiny/image.png").toFile()));

            NDList f = Fixtures.npz(m, fixture + "/case_f_fsam.npz");
            try (SamPredictor p = new SamPredictor(model.model(), model.manager(), InputPreprocessing.FINETUNE_SAM)) {
                p.setImage(image);
                Prediction r = p.predictNoPrompt(true);
                assertTrue(maxAbs(f.get("low_res_logits").toFloatArray(), r.lowResLogits) <= 1e-4, "no-prompt low-res logits");
                long[] classes = f.get("class_map").toLongArray();
                int[] ours = r.lowResClassMap(0);
                assertEquals(classes.length, ours.length);
                for (int i = 0; i < ours.length; i++) {
                    assertEquals(classes[i], ours[i], "class map pixel " + i);
                }
            }

            NDList c = Fixtures.npz(m, fixture + "/case_c.npz");
            try (SamPredictor p = new SamPredictor(model.model(), model.manager(), InputPreprocessing.SAM)) {
                p.setImage(image);
                float[] b = c.get("box").toFloatArray();
                Prompt box = new Prompt();
                box.box(b[0], b[1], b[2], b[3]);
                Prediction r = p.predict(List.of(box), false);
                assertTrue(maxAbs(c.get("low_res_logits").toFloatArray(), r.lowResLogits) <= 1e-4, "box low-res logits");
                assertTrue(maxAbs(c.get("iou_predictions").toFloatArray(), r.iouPredictions) <= 1e-4, "box iou");
            }
        }
    }

    private static float maxAbs(float[] a, float[] b) {
        assertArrayEquals(new int[] {a.length}, new int[] {b.length});
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
