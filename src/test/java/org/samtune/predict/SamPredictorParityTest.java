package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.samtune.Fixtures;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.model.SamConfig;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * End-to-end SamPredictor parity with segment-anything's SamPredictor on the sam-tiny fixtures: the
 * original image and the prompts in original pixels go in; embeddings, low-res logits, IoU, upscaled
 * logits and masks come out and are compared with what the reference produced.
 */
class SamPredictorParityTest {
    private static LoadedModel stock;
    private static LoadedModel fsam;

    @BeforeAll
    static void load() {
        stock = loadTiny(false);
        fsam = loadTiny(true);
    }

    static LoadedModel loadTiny(boolean finetuneSamOrder) {
        ModelLoader.Options o = new ModelLoader.Options();
        o.config = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        o.config.finetuneSamBlockOrder = finetuneSamOrder;
        o.threads = 1;
        o.preprocessing = InputPreprocessing.SAM;
        return ModelLoader.load(Fixtures.file("sam-tiny/model.pth"), o);
    }

    @AfterAll
    static void close() {
        stock.close();
        fsam.close();
    }

    static RgbImage image(String relative) {
        try {
            return RgbImage.fromBufferedImage(ImageIO.read(Fixtures.file(relative).toFile()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's prompts, from the npz, in original pixels. */
    static List<Prompt> prompts(NDList c) {
        List<Prompt> out = new ArrayList<>();
        Prompt p = new Prompt();
        if (c.get("has_points").getBoolean()) {
            float[] xy = c.get("point_coords").toFloatArray();
            int[] labels = c.get("point_labels").toIntArray();
            for (int i = 0; i < labels.length; i++) {
                p.addPoint(xy[2 * i], xy[2 * i + 1], labels[i]);
            }
        }
        if (c.get("has_box").getBoolean()) {
            float[] b = c.get("box").toFloatArray();
            p.box(b[0], b[1], b[2], b[3]);
        }
        if (c.get("has_mask_input").getBoolean()) {
            NDArray m = c.get("mask_input");
            p.maskInput(m.toFloatArray(), (int) m.getShape().get(3));
        }
        if (!p.isEmpty()) {
            out.add(p);
        }
        return out;
    }

    static float maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "sam-tiny, case_a, image.png", "sam-tiny, case_b, image.png", "sam-tiny, case_c, image.png",
        "sam-tiny, case_d, image.png", "sam-tiny, case_e, image.png", "sam-tiny, case_f, image.png",
        "sam-tiny, case_g, image_g.png",
        "sam-tiny-fsam, case_c, image.png", "sam-tiny-fsam, case_f, image.png"})
    void matchesReferencePredictor(String folder, String name, String imageFile) {
        LoadedModel model = folder.equals("sam-tiny") ? stock : fsam;
        try (NDManager m = NDManager.newBaseManager();
             SamPredictor predictor = new SamPredictor(model.model(), model.manager(), InputPreprocessing.SAM)) {
            NDList c = Fixtures.npz(m, folder + "/" + name + ".npz");
            predictor.setImage(image("sam-tiny/" + imageFile));
            assertTrue(maxAbs(c.get("image_embeddings").toFloatArray(), predictor.embedding()) <= 1e-4, "image embeddings");

            boolean multimask = c.get("multimask_output").getBoolean();
            Prediction p = predictor.predict(prompts(c), multimask);
            assertTrue(maxAbs(c.get("low_res_logits").toFloatArray(), p.lowResLogits) <= 1e-4, "low-res logits");
            assertTrue(maxAbs(c.get("iou_predictions").toFloatArray(), p.iouPredictions) <= 1e-4, "iou");
            float[] upscaled = c.get("upscaled_logits").toFloatArray();
            // masks first: computed by the fused resize-and-threshold path, no logits plane exists yet
            boolean[][] fused = new boolean[p.objects * p.masksPerObject][];
            for (int o = 0; o < p.objects; o++) {
                for (int k = 0; k < p.masksPerObject; k++) {
                    fused[o * p.masksPerObject + k] = p.mask(o, k);
                }
            }
            float[] ours = p.upscaledLogits();
            assertTrue(maxAbs(upscaled, ours) <= 1e-4, "upscaled logits");
            int planeSize = p.height * p.width;
            for (int plane = 0; plane < fused.length; plane++) {
                for (int i = 0; i < planeSize; i++) {
                    assertEquals(ours[plane * planeSize + i] > 0f, fused[plane][i], "fused mask, plane " + plane + " pixel " + i);
                }
            }
            boolean[] expectedMasks = c.get("masks").toBooleanArray();
            int flips = 0;
            for (int i = 0; i < upscaled.length; i++) {
                boolean mine = ours[i] > 0f;
                if (mine != expectedMasks[i] && Math.abs(upscaled[i]) >= 1e-4f) {
                    flips++;
                }
            }
            assertEquals(0, flips, "mask pixels differing where |logit| >= 1e-4");
            assertEquals(c.get("original_size").toIntArray()[0], p.height);
            assertEquals(c.get("original_size").toIntArray()[1], p.width);
        }
    }

    /** Queries leave no native tensor behind: everything but the cached embedding and PE is freed per call. */
    @org.junit.jupiter.api.Test
    void queriesDoNotAccumulateNativeArrays() {
        try (SamPredictor predictor = new SamPredictor(stock.model(), stock.manager(), InputPreprocessing.SAM)) {
            predictor.setImage(image("sam-tiny/image.png"));
            predictor.predict(List.of(new Prompt().addPoint(40, 55, 1)), true).mask(0, 0);
            int before = stock.manager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                predictor.predict(List.of(new Prompt().addPoint(10 + i, 20 + i, 1).box(5, 5, 60, 90)), i % 2 == 0).mask(0, 0);
                predictor.predictNoPrompt(true);
            }
            assertEquals(before, stock.manager().getManagedArrays().size(), "live native arrays after 40 queries");
        }
    }

    /** Several boxes are one decoder batch, one object each: each object equals its single-box query (case c). */
    @org.junit.jupiter.api.Test
    void severalBoxesInOneBatch() {
        try (NDManager m = NDManager.newBaseManager();
             SamPredictor predictor = new SamPredictor(stock.model(), stock.manager(), InputPreprocessing.SAM)) {
            NDList c = Fixtures.npz(m, "sam-tiny/case_c.npz");
            predictor.setImage(image("sam-tiny/image.png"));
            Prompt second = new Prompt().box(5, 50, 70, 95);
            Prediction both = predictor.predict(List.of(prompts(c).get(0), second), false);
            Prediction alone = predictor.predict(List.of(second), false);
            assertEquals(2, both.objects);
            assertTrue(maxAbs(c.get("low_res_logits").toFloatArray(), both.lowRes(0, 0)) <= 1e-4, "object 1 = case c");
            assertTrue(maxAbs(alone.lowRes(0, 0), both.lowRes(1, 0)) <= 1e-4, "object 2 = its own query");
            assertTrue(maxAbs(c.get("upscaled_logits").toFloatArray(), both.upscaled(0, 0)) <= 1e-4, "upscaled object 1");
            int[] labels = both.labelImage();
            boolean[] m2 = both.mask(1, 0);
            for (int i = 0; i < labels.length; i++) {
                if (m2[i]) {
                    assertEquals(2, labels[i], "later objects win overlaps in the label image");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sam-tiny", "sam-tiny-fsam"})
    void finetuneSamNoPromptPipeline(String folder) {
        LoadedModel model = folder.equals("sam-tiny") ? stock : fsam;
        try (NDManager m = NDManager.newBaseManager();
             SamPredictor predictor = new SamPredictor(model.model(), model.manager(), InputPreprocessing.FINETUNE_SAM)) {
            NDList c = Fixtures.npz(m, folder + "/case_f_fsam.npz");
            predictor.setImage(image("sam-tiny/image.png"));
            assertTrue(maxAbs(c.get("image_embeddings").toFloatArray(), predictor.embedding()) <= 1e-4, "image embeddings");
            Prediction p = predictor.predictNoPrompt(true);
            assertTrue(maxAbs(c.get("low_res_logits").toFloatArray(), p.lowResLogits) <= 1e-4, "low-res logits");
            assertTrue(maxAbs(c.get("iou_predictions").toFloatArray(), p.iouPredictions) <= 1e-4, "iou");
            assertArrayEquals(c.get("class_map").toLongArray(), toLongs(p.lowResClassMap(0)), "argmax class map");
        }
    }

    private static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
