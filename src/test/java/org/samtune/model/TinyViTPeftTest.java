package org.samtune.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPreprocessor;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * finetune-SAM's PEFT on TinyViT beyond the fixture's LoRA case: parameter counts of the spec's vit_t
 * rows (§3.6, num_cls=2), stage-index semantics, "all" stages (finetune-SAM crashes), the per-head q/v
 * LoRA variant against a hand computation, LoRA_Sam's unfrozen conv stage, and BatchNorm statistics
 * that training never changes.
 */
class TinyViTPeftTest {
    private static final double TOL = 1e-4;
    private static NDManager manager;
    private static SamConfig cfg;
    private static StateDict base;
    private static NDArray input;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        cfg = SamConfig.fromJson(Fixtures.file("sam-tiny-vit_t/config.json"));
        base = PthReader.read(Fixtures.file("sam-tiny-vit_t/model.pth"));
        RgbImage image = RgbImage.fromBufferedImage(ImageIO.read(Fixtures.file("sam-tiny-vit_t/image.png").toFile()));
        input = SamPreprocessor.of(cfg).prepare(manager, image);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final PeftTraining.Components DEC = PeftTraining.Components.DECODER;
    private static final PeftTraining.Components BOTH = PeftTraining.Components.ENCODER_AND_DECODER;

    private static DynamicTest row(String label, PeftConfig peft, PeftTraining.Components comps, long total, long requiresGrad) {
        return DynamicTest.dynamicTest("vit_t " + label, () -> {
            SamConfig c = SamConfig.vitT();
            c.numMultimaskOutputs = 2; // num_cls=2
            PeftTraining.ParameterCounts n = PeftTraining.count(new Sam(c, peft), comps);
            assertEquals(total, n.total, "total parameters");
            assertEquals(requiresGrad, n.requiresGrad, "requires_grad parameters");
        });
    }

    @TestFactory
    List<DynamicTest> parameterCountsMatchSpecTable() {
        int[] def = PeftConfig.DEFAULT_ENCODER_BLOCKS;
        return List.of(
                row("vanilla dec", PeftConfig.none(), DEC, 9_989_771L, 3_924_239L),
                row("vanilla enc+dec", PeftConfig.none(), BOTH, 9_989_771L, 9_989_771L),
                row("adapter dec", PeftConfig.adapter(new int[0], true), DEC, 10_122_123L, 132_352L),
                row("adapter enc+dec stages [0,1] (cfg default)", PeftConfig.adapter(def, true), BOTH, 10_311_531L, 321_760L),
                row("adapter enc+dec stages 0,1,2", PeftConfig.adapter(new int[] {0, 1, 2}, true), BOTH, 10_517_931L, 528_160L),
                row("adapter enc+dec all = stages 0,1,2", PeftConfig.adapter(null, true), BOTH, 10_517_931L, 528_160L),
                row("lora dec", PeftConfig.lora(4, new int[0], true), DEC, 10_013_323L, 6_722_059L),
                // incl. the 98,944 parameters of layers.0, which LoRA_Sam's TinyViT branch unfreezes
                row("lora enc+dec stages [0,1] (cfg default)", PeftConfig.lora(4, def, true), BOTH, 10_032_779L, 774_927L));
    }

    @Test
    void encoderSizesMatchSpec() {
        SamConfig c = SamConfig.vitT();
        ImageEncoderTinyViT enc = new ImageEncoderTinyViT(c);
        PeftTraining.ParameterCounts n = PeftTraining.count(enc, PeftConfig.none(), BOTH);
        assertEquals(6_065_532L, n.total); // spec: TinyViT 6,065,532, of which head + norm_head 321,640
        long head = 0, stage0 = 0;
        Map<String, Parameter> params = enc.namedParameters();
        for (Map.Entry<String, Shape> e : enc.namedShapes().entrySet()) {
            if (params.get(e.getKey()).getType() == Parameter.Type.OTHER) {
                continue;
            }
            if (e.getKey().startsWith("head.") || e.getKey().startsWith("norm_head.")) {
                head += e.getValue().size();
            }
            if (e.getKey().startsWith("layers.0.")) {
                stage0 += e.getValue().size();
            }
        }
        assertEquals(321_640L, head);
        assertEquals(98_944L, stage0);
    }

    /** Fresh LoRA (B = 0) starts as the base model, in both layouts and on all three attention stages. */
    @Test
    void freshLoraOnAllStagesStartsAsTheBaseModel() {
        for (PeftConfig.TinyVitLoraLayout layout : PeftConfig.TinyVitLoraLayout.values()) {
            try (NDManager m = manager.newSubManager()) {
                PeftConfig p = PeftConfig.lora(4, null, true); // "all": finetune-SAM's encoder_lora_layer=[] crashes on TinyViT
                p.tinyVitLoraLayout = layout;
                Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 7);
                ImageEncoderTinyViT enc = (ImageEncoderTinyViT) sam.imageEncoder();
                for (int i = 1; i < 4; i++) {
                    Class<?> want = layout == PeftConfig.TinyVitLoraLayout.FINETUNE_SAM ? LoraQkv.class : HeadwiseLoraQkv.class;
                    assertEquals(want, enc.layers().get(i).blocks().get(0).attention().qkv().getClass(), "layers." + i);
                }
                NDArray emb = sam.imageEncoder().forward(input);
                NDList a = Fixtures.npz(m, "sam-tiny-vit_t/case_a.npz");
                assertTrue(ImageEncoderTinyViTParityTest.maxAbs(a.get("image_embeddings").toFloatArray(), emb.toFloatArray()) <= TOL, layout.name());
            }
        }
    }

    /**
     * The per-head layout against a hand computation: on a token x, the output's key channels equal the
     * base layer's, head h's query gains (B_q A_q x)[h·d ..], its value (B_v A_v x)[h·d ..].
     */
    @Test
    void perHeadLoraUpdatesEveryHeadsQueryAndValueOnly() {
        int dim = 12, heads = 3, d = 4, r = 2;
        HeadwiseLoraQkv lora = new HeadwiseLoraQkv(dim, heads, r);
        try (NDManager m = manager.newSubManager()) {
            Random rnd = new Random(3);
            Map<String, Parameter> ps = lora.namedParameters();
            Map<String, float[]> vals = new java.util.HashMap<>();
            for (Map.Entry<String, Shape> e : lora.namedShapes().entrySet()) {
                float[] v = new float[(int) e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                vals.put(e.getKey(), v);
                ModelWeights.set(ps.get(e.getKey()), m.create(v, e.getValue()));
            }
            float[] x = new float[dim];
            for (int i = 0; i < dim; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] out = lora.forward(m.create(x, new Shape(1, dim))).toFloatArray();
            double[] base = matVec(vals.get("qkv.weight"), 3 * dim, dim, x);
            double[] dq = matVec(vals.get("head_b_q.weight"), dim, r, toFloat(matVec(vals.get("head_a_q.weight"), r, dim, x)));
            double[] dv = matVec(vals.get("head_b_v.weight"), dim, r, toFloat(matVec(vals.get("head_a_v.weight"), r, dim, x)));
            float[] bias = vals.get("qkv.bias");
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < d; i++) {
                    int q = h * 3 * d + i, k = q + d, v = q + 2 * d;
                    assertEquals(base[q] + bias[q] + dq[h * d + i], out[q], 1e-4, "q head " + h);
                    assertEquals(base[k] + bias[k], out[k], 1e-4, "k head " + h);
                    assertEquals(base[v] + bias[v] + dv[h * d + i], out[v], 1e-4, "v head " + h);
                }
            }
        }
    }

    private static double[] matVec(float[] w, int rows, int cols, float[] x) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[i] += (double) w[i * cols + j] * x[j];
            }
        }
        return y;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Per-head checkpoints name their tensors head_*, so they reload as per-head (and never as finetune-SAM's slices). */
    @Test
    void perHeadCheckpointReloadsAsPerHead() {
        try (NDManager m = manager.newSubManager()) {
            PeftConfig p = PeftConfig.lora(4, new int[] {1, 2}, false);
            p.tinyVitLoraLayout = PeftConfig.TinyVitLoraLayout.PER_HEAD_QV;
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 9);
            // make B non-zero so that the layout matters
            for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
                if (PeftKeys.isLoraB(e.getKey())) {
                    ModelWeights.set(e.getValue(), e.getValue().getArray().onesLike().mul(0.05f));
                }
            }
            NDArray before = sam.imageEncoder().forward(input);
            StateDict saved = ModelWeights.export(sam);
            assertTrue(saved.contains("image_encoder.layers.2.blocks.0.attn.qkv.head_a_q.weight"));
            ArchitectureInfo info = ArchitectureInference.infer(saved);
            assertTrue(info.encoderLoraPerHead);
            assertEquals(List.of("layers.2.blocks.0", "layers.2.blocks.1", "layers.3.blocks.0"), info.encoderLoraBlocks);
            SamFactory.Loaded back = SamFactory.fromCheckpoint(saved, cfg, m);
            assertEquals(PeftConfig.TinyVitLoraLayout.PER_HEAD_QV, back.peft.tinyVitLoraLayout);
            assertArrayEquals(new int[] {1, 2}, back.peft.loraEncoderBlocks);
            NDArray after = back.sam.imageEncoder().forward(input);
            assertEquals(0f, ImageEncoderTinyViTParityTest.maxAbs(before.toFloatArray(), after.toFloatArray()));
            // and the two layouts differ on the same tensors
            PeftConfig slices = PeftConfig.lora(4, new int[] {1, 2}, false);
            Sam other = SamFactory.fromBaseCheckpoint(base, cfg, slices, m, 9);
            for (Map.Entry<String, Parameter> e : other.namedParameters().entrySet()) {
                if (PeftKeys.isLoraKey(e.getKey())) {
                    String twin = e.getKey().replace(".linear_", ".head_");
                    ModelWeights.set(e.getValue(), sam.namedParameters().get(twin).getArray().duplicate());
                }
            }
            assertTrue(ImageEncoderTinyViTParityTest.maxAbs(before.toFloatArray(), other.imageEncoder().forward(input).toFloatArray()) > 1e-3);
        }
    }

    /** LoRA_Sam on TinyViT trains its LoRA matrices and the conv stage layers.0; BatchNorm statistics never move. */
    @Test
    void loraTrainingReachesLoraAndConvStageButNotBatchNormStatistics() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 5);
            Map<String, Parameter> train = PeftTraining.trainableParameters(sam, BOTH);
            for (String k : sam.namedParameters().keySet()) {
                boolean expected = PeftKeys.isLoraKey(k) || k.startsWith("prompt_encoder.")
                        || (k.startsWith("mask_decoder.") && !k.startsWith("mask_decoder.transformer."))
                        || (k.startsWith("image_encoder.layers.0.") && !k.contains(".bn.running_") && !k.endsWith("num_batches_tracked"));
                if (k.endsWith("positional_encoding_gaussian_matrix")) {
                    expected = false; // a buffer
                }
                assertEquals(expected, train.containsKey(k), k);
            }
            String runningMean = "image_encoder.layers.0.blocks.0.conv1.bn.running_mean";
            float[] statsBefore = sam.namedParameters().get(runningMean).getArray().toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray emb = sam.imageEncoder().forward(input);
                NDArray[] prompts = sam.promptEncoder().encode(m, null, null, null, null);
                NDArray[] out = sam.maskDecoder().predictMasks(emb, sam.promptEncoder().denseImagePe(m), prompts[0], prompts[1], null);
                gc.backward(out[0].get(":, 1:").square().mean());
            }
            int loraB = 0;
            for (Map.Entry<String, Parameter> e : train.entrySet()) {
                String k = e.getKey();
                if (PeftKeys.isLoraB(k) || k.startsWith("image_encoder.layers.0.")) {
                    float s = e.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(s > 0 && Float.isFinite(s), k + " gradient |sum| " + s);
                    loraB += PeftKeys.isLoraB(k) ? 1 : 0;
                }
            }
            assertEquals(2 * 3 + 2 * 7, loraB); // 3 encoder blocks (layers.1.0, layers.2.0-1) + 7 decoder attentions
            assertArrayEquals(statsBefore, sam.namedParameters().get(runningMean).getArray().toFloatArray());
            assertFalse(sam.namedParameters().get(runningMean).getArray().hasGradient());
        }
    }

    /** Adapters sit in the TinyViT blocks of the chosen stages; with zero output layers they leave the model unchanged. */
    @Test
    void adaptersOnStagesAreInTheForwardPass() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.adapter(null, false), m, 5);
            ImageEncoderTinyViT enc = (ImageEncoderTinyViT) sam.imageEncoder();
            for (int i = 1; i < 4; i++) {
                assertTrue(enc.layers().get(i).blocks().get(0).hasAdapters(), "layers." + i);
            }
            NDList a = Fixtures.npz(m, "sam-tiny-vit_t/case_a.npz");
            // fresh adapters (not zero-initialised in finetune-SAM) change the embeddings
            assertTrue(ImageEncoderTinyViTParityTest.maxAbs(a.get("image_embeddings").toFloatArray(),
                    sam.imageEncoder().forward(input).toFloatArray()) > 1e-2);
            for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
                if (e.getKey().contains("Adapter.D_fc2.")) {
                    ModelWeights.set(e.getValue(), e.getValue().getArray().zerosLike());
                }
            }
            assertTrue(ImageEncoderTinyViTParityTest.maxAbs(a.get("image_embeddings").toFloatArray(),
                    sam.imageEncoder().forward(input).toFloatArray()) <= TOL);
        }
    }

    @Test
    void peftJsonKeepsTheLayout() {
        PeftConfig p = PeftConfig.lora(4, null, true);
        p.tinyVitLoraLayout = PeftConfig.TinyVitLoraLayout.PER_HEAD_QV;
        PeftConfig q = PeftConfig.fromJson(p.toJson());
        assertEquals(PeftConfig.TinyVitLoraLayout.PER_HEAD_QV, q.tinyVitLoraLayout);
        assertTrue(q.describe().contains("per-head"), q.describe());
        assertEquals(PeftConfig.TinyVitLoraLayout.FINETUNE_SAM, PeftConfig.lora(4, null, true).tinyVitLoraLayout);
    }
}
