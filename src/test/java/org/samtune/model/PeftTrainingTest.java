package org.samtune.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.CheckpointException;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fresh PEFT modules on plain SAM weights, finetune-SAM's freezing, and gradients reaching only what trains. */
class PeftTrainingTest {
    private static final double TOL = 1e-4;
    private static NDManager manager;
    private static SamConfig cfg;
    private static StateDict base;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        cfg = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        base = PthReader.read(Fixtures.file("sam-tiny/model.pth"));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** B = 0 at init, so a fresh LoRA model computes finetune-SAM's base model (sam-tiny-fsam fixture). */
    @Test
    void freshLoraStartsAsTheBaseModel() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 7);
            assertTrue(sam.config().finetuneSamBlockOrder);
            NDList f = Fixtures.npz(m, "sam-tiny-fsam/case_f.npz");
            NDArray emb = sam.imageEncoder().forward(f.get("input_tensor"));
            PeftParityTest.assertClose(f.get("image_embeddings"), emb, "fresh LoRA image_embeddings");
            NDArray[] prompts = sam.promptEncoder().encode(m, null, null, null, null);
            NDArray[] out = sam.maskDecoder().predict(emb, sam.promptEncoder().denseImagePe(m), prompts[0], prompts[1], true);
            PeftParityTest.assertClose(f.get("low_res_logits"), out[0], "fresh LoRA low_res_logits");

            int a = 0, b = 0;
            for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
                float[] v = e.getValue().getArray().toFloatArray();
                if (PeftKeys.isLoraB(e.getKey())) {
                    b++;
                    for (float x : v) {
                        assertEquals(0f, x, e.getKey());
                    }
                } else if (PeftKeys.isLoraA(e.getKey())) {
                    a++;
                    double bound = 1 / Math.sqrt(e.getValue().getArray().getShape().get(1)); // 1/sqrt(fan_in)
                    double max = 0;
                    for (float x : v) {
                        max = Math.max(max, Math.abs(x));
                    }
                    assertTrue(max <= bound && max > bound / 2, e.getKey() + " max |A| " + max + " vs bound " + bound);
                }
            }
            assertEquals(18, a); // 2 encoder blocks x 2 + 7 decoder attentions x 2
            assertEquals(18, b);
        }
    }

    /** finetune-SAM's adapters are not zero-initialised: a fresh adapter model already differs. */
    @Test
    void freshAdaptersChangeTheOutput() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.adapter(PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 7);
            NDList f = Fixtures.npz(m, "sam-tiny-fsam/case_f.npz");
            NDArray emb = sam.imageEncoder().forward(f.get("input_tensor"));
            assertTrue(PeftParityTest.maxAbsDiff(f.get("image_embeddings"), emb) > 1e-2);
            NDArray bias = sam.namedParameters().get("image_encoder.blocks.0.Space_Adapter.D_fc2.bias").getArray();
            double max = bias.abs().max().getFloat();
            assertTrue(max > 0 && max <= 1 / Math.sqrt(8), "D_fc2 bias ~ U(+-1/sqrt(hidden=8)), max " + max);
        }
    }

    @Test
    void seedMakesInitReproducible() {
        try (NDManager m = manager.newSubManager()) {
            PeftConfig p = PeftConfig.lora(4, null, false);
            String k = "image_encoder.blocks.3.attn.qkv.linear_a_v.weight";
            float[] x = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 11).namedParameters().get(k).getArray().toFloatArray();
            float[] y = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 11).namedParameters().get(k).getArray().toFloatArray();
            float[] z = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 12).namedParameters().get(k).getArray().toFloatArray();
            assertArrayEquals(x, y);
            assertFalse(java.util.Arrays.equals(x, z));
        }
    }

    @Test
    void baseLoadIsStrict() {
        try (NDManager m = manager.newSubManager()) {
            Map<String, HostTensor> extra = new LinkedHashMap<>(base.tensors());
            extra.put("image_encoder.blocks.0.attn.qkv.linear_a_q.weight", HostTensor.ofFloats(new long[] {4, 32}, new float[128]));
            // a LoRA tensor for block 0, but the model asks for LoRA on block 1 only
            CheckpointException e = assertThrows(CheckpointException.class, () -> SamFactory.fromBaseCheckpoint(
                    new StateDict(extra, null), cfg, PeftConfig.lora(4, new int[] {1}, false), m, 1));
            assertTrue(e.getMessage().contains("linear_a_q"), e.getMessage());

            Map<String, HostTensor> missing = new LinkedHashMap<>(base.tensors());
            missing.remove("image_encoder.blocks.1.attn.qkv.weight");
            e = assertThrows(CheckpointException.class, () -> SamFactory.fromBaseCheckpoint(
                    new StateDict(missing, null), cfg, PeftConfig.lora(4, new int[] {1}, false), m, 1));
            assertTrue(e.getMessage().contains("image_encoder.blocks.1.attn.qkv.qkv.weight"), e.getMessage());
        }
    }

    /** A model we fine-tuned reloads as the same PEFT setting, with the same values. */
    @Test
    void ourCheckpointReloads() {
        try (NDManager m = manager.newSubManager()) {
            PeftConfig p = PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true);
            p.encoderAdapter = true;
            p.adapterEncoderBlocks = new int[] {1, 3};
            p.decoderAdapter = true;
            p.decoderAdapterDepth = 1;
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, p, m, 3);
            StateDict saved = ModelWeights.export(sam);
            SamFactory.Loaded back = SamFactory.fromCheckpoint(saved, cfg, m);
            assertEquals(PeftConfig.Method.LORA_AND_ADAPTER, back.peft.method());
            assertArrayEquals(new int[] {0, 1}, back.peft.loraEncoderBlocks);
            assertArrayEquals(new int[] {1, 3}, back.peft.adapterEncoderBlocks);
            assertEquals(1, back.peft.decoderAdapterDepth);
            assertEquals(new java.util.ArrayList<>(saved.tensors().keySet()),
                    new java.util.ArrayList<>(ModelWeights.export(back.sam).tensors().keySet()));
        }
    }

    @Test
    void loraFreezingFollowsLoraSam() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 5);
            Map<String, Parameter> train = PeftTraining.trainableParameters(sam, PeftTraining.Components.ENCODER_AND_DECODER);
            for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
                String k = e.getKey();
                boolean expected = PeftKeys.isLoraKey(k) || k.startsWith("prompt_encoder.")
                        || (k.startsWith("mask_decoder.") && !k.startsWith("mask_decoder.transformer."));
                if (k.endsWith("positional_encoding_gaussian_matrix")) {
                    expected = false; // a buffer
                }
                assertEquals(expected, train.containsKey(k), k);
                assertEquals(expected, e.getValue().requiresGradient(), k + " parameter flag");
                assertEquals(expected, e.getValue().getArray().hasGradient(), k + " array requires_grad");
            }
        }
    }

    @Test
    void adapterFreezingKeepsOnlyAdapters() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.adapter(PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 5);
            Map<String, Parameter> train = PeftTraining.trainableParameters(sam, PeftTraining.Components.ENCODER_AND_DECODER);
            assertEquals(40, train.size());
            train.keySet().forEach(k -> assertTrue(k.contains("Adapter"), k));
            // decoder only: the encoder's adapters drop out
            train = PeftTraining.trainableParameters(sam, PeftTraining.Components.DECODER);
            assertEquals(16, train.size());
            train.keySet().forEach(k -> assertTrue(k.startsWith("mask_decoder.transformer.layers."), k));
            assertFalse(sam.namedParameters().get("image_encoder.blocks.0.MLP_Adapter.D_fc1.weight").getArray().hasGradient());
        }
    }

    /** One training step's backward: LoRA B matrices get a gradient everywhere; frozen tensors are not tracked. */
    @Test
    void gradientsReachTheLoraMatrices() {
        try (NDManager m = manager.newSubManager()) {
            Sam sam = SamFactory.fromBaseCheckpoint(base, cfg, PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true), m, 5);
            Map<String, Parameter> train = PeftTraining.trainableParameters(sam, PeftTraining.Components.ENCODER_AND_DECODER);
            NDList f = Fixtures.npz(m, "sam-tiny-fsam/case_f.npz");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray emb = sam.imageEncoder().forward(f.get("input_tensor"));
                NDArray[] prompts = sam.promptEncoder().encode(m, null, null, null, null);
                NDArray[] out = sam.maskDecoder().predictMasks(emb, sam.promptEncoder().denseImagePe(m), prompts[0], prompts[1], null);
                gc.backward(out[0].get(":, 1:").square().mean());
            }
            int checked = 0;
            for (Map.Entry<String, Parameter> e : train.entrySet()) {
                if (PeftKeys.isLoraB(e.getKey())) {
                    NDArray g = e.getValue().getArray().getGradient();
                    float s = g.abs().sum().getFloat();
                    assertTrue(s > 0 && Float.isFinite(s), e.getKey() + " gradient |sum| " + s);
                    checked++;
                }
            }
            assertEquals(18, checked);
        }
    }

    @Test
    void peftConfigJsonRoundTrip() {
        PeftConfig p = PeftConfig.lora(8, null, false);
        p.encoderAdapter = true;
        p.adapterEncoderBlocks = new int[] {2, 5};
        PeftConfig q = PeftConfig.fromJson(p.toJson());
        assertEquals(p.toJson(), q.toJson());
        assertEquals(null, q.loraEncoderBlocks);
        assertEquals(PeftConfig.Method.LORA_AND_ADAPTER, q.method());
        assertArrayEquals(new int[] {0, 1, 10, 11}, PeftConfig.parseBlocks("0,1,10,11"));
        assertArrayEquals(new int[] {0, 1}, PeftConfig.resolveBlocks(PeftConfig.DEFAULT_ENCODER_BLOCKS, 4));
        assertEquals(null, PeftConfig.parseBlocks("all"));
        assertEquals(0, PeftConfig.parseBlocks("none").length);
    }
}
