package org.samtune.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;
import org.samtune.model.ModelWeights;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Settings, model construction, PEFT and prompt modes, and native memory across steps. */
class TrainerSetupTest {

    @Test
    void configRoundTripsThroughArgsJsonAndPth(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        TrainingConfig c = FineTuningTest.tinyConfig();
        c.encoderLoraLayer = null; // "all blocks"
        c.gradClip = 1.5;
        c.samCkpt = "/data/sam_vit_b_01ec64.pth";
        c.write(tmp.resolve("args.json"));
        assertEquals(c.toJson(), TrainingConfig.read(tmp.resolve("args.json")).toJson());
        assertEquals(c.toJson(), TrainingConfig.fromMap(c.toMap()).toJson());
        // finetune-SAM's names and defaults
        TrainingConfig d = new TrainingConfig();
        assertEquals(2, d.toJson().get("val_freq").getAsInt());
        assertEquals(200, d.toJson().get("warmup_period").getAsInt());
        assertEquals(20, d.toJson().get("patience").getAsInt());
        assertEquals(4, d.toJson().get("b").getAsInt());
        assertFalse(d.toJson().get("if_update_encoder").getAsBoolean());
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        TrainingConfig c = new TrainingConfig();
        c.finetuneType = "prefix";
        assertTrue(assertThrows(IllegalArgumentException.class, c::validate).getMessage().contains("finetune_type"));
        TrainingConfig l = new TrainingConfig();
        l.finetuneType = "lora";
        assertTrue(assertThrows(IllegalArgumentException.class, l::validate).getMessage().contains("lora"));
        TrainingConfig n = new TrainingConfig();
        n.numCls = 1;
        assertTrue(assertThrows(IllegalArgumentException.class, n::validate).getMessage().contains("num_cls"));
    }

    /** num_cls 2 on a 3-output checkpoint: heads re-initialised (finetune-SAM load_from), everything else loaded. */
    @Test
    void headsAreReinitialisedWhenNumClsDiffers() {
        TrainingConfig t = new TrainingConfig();
        t.numCls = 2;
        t.imageSize = 128;
        t.outSize = 32;
        t.archConfig = Fixtures.file("sam-tiny/config.json").toString();
        t.samCkpt = Fixtures.file("sam-tiny/model.pth").toString();
        try (NDManager m = NDManager.newBaseManager()) {
            StateDict file = Checkpoints.read(Path.of(t.samCkpt));
            Sam sam = FineTuneModel.build(t, m);
            assertEquals(3, sam.maskDecoder().numMaskTokens());
            assertTrue(sam.config().finetuneSamBlockOrder);
            StateDict got = ModelWeights.export(sam);
            for (Map.Entry<String, HostTensor> e : got.tensors().entrySet()) {
                if (FineTuneModel.isHead(e.getKey())) {
                    continue;
                }
                assertArrayEquals(file.get(e.getKey()).toFloats(), e.getValue().toFloats(), 0f, e.getKey());
            }
            // num_cls 3 keeps the checkpoint's heads (same shapes)
            t.numCls = 3;
            StateDict kept = ModelWeights.export(FineTuneModel.build(t, m));
            assertArrayEquals(file.get("mask_decoder.mask_tokens.weight").toFloats(),
                    kept.get("mask_decoder.mask_tokens.weight").toFloats(), 0f);
        }
    }

    /** adapter and LoRA runs build and take steps; only their trainable parameters change. */
    @Test
    void peftModesTrainOnlyTheirParameters() throws IOException {
        for (String type : new String[] {"adapter", "lora"}) {
            TrainingConfig t = FineTuningTest.tinyConfig();
            t.finetuneType = type;
            t.ifUpdateEncoder = true;
            t.ifMaskDecoderAdapter = type.equals("adapter");
            t.ifEncoderAdapter = type.equals("adapter");
            t.ifEncoderLoraLayer = type.equals("lora");
            t.ifDecoderLoraLayer = type.equals("lora");
            try (NDManager m = NDManager.newBaseManager()) {
                SamConfig sc = FineTuningTest.tinyArch();
                sc.numMultimaskOutputs = 2;
                Sam sam = FineTuneModel.build(t, sc, null, m);
                StateDict before = ModelWeights.export(sam);
                TrainingDataset ds = FineTuningTest.data(t, TestData.trainList(), true);
                try (Trainer trainer = new Trainer(sam, m, t); NDManager sub = m.newSubManager()) {
                    trainer.step(TrainingInput.of(TrainingBatch.collate(sub, List.of(ds.get(0, 0), ds.get(1, 0)))), 0, 0, 1e-3);
                    StateDict after = ModelWeights.export(sam);
                    int changed = 0;
                    for (String k : before.tensors().keySet()) {
                        boolean same = java.util.Arrays.equals(before.get(k).toFloats(), after.get(k).toFloats());
                        if (!same) {
                            changed++;
                            assertTrue(trainer.trainableParameters().containsKey(k), type + ": frozen " + k + " changed");
                        }
                        if (type.equals("adapter") && !same) {
                            assertTrue(k.contains("Adapter"), k);
                        }
                    }
                    assertTrue(changed > 0, type);
                    if (type.equals("lora")) {
                        assertTrue(after.tensors().keySet().stream().anyMatch(k -> k.contains("linear_a_q")));
                        assertFalse(trainer.trainableParameters().containsKey("image_encoder.blocks.0.attn.qkv.qkv.weight"));
                    }
                }
            }
        }
    }

    /** Box and point prompt batches go through the prompt encoder (finetune-SAM's box script: 2K tokens). */
    @Test
    void promptModesTakeSteps() throws IOException {
        for (String mode : new String[] {"box", "point", "hybrid"}) {
            TrainingConfig t = FineTuningTest.tinyConfig();
            t.prompt = mode;
            try (NDManager m = NDManager.newBaseManager()) {
                Sam sam = FineTuningTest.model(t, m);
                TrainingDataset ds = FineTuningTest.data(t, TestData.trainList(), true);
                try (Trainer trainer = new Trainer(sam, m, t); NDManager sub = m.newSubManager()) {
                    TrainingInput in = TrainingInput.of(TrainingBatch.collate(sub, List.of(ds.get(0, 0), ds.get(1, 0))));
                    assertEquals(!mode.equals("point"), in.boxes() != null, mode);
                    assertEquals(!mode.equals("box"), in.pointCoords() != null, mode);
                    Trainer.StepResult r = trainer.step(in, 0, 0, 1e-3);
                    assertTrue(Double.isFinite(r.loss()), mode);
                    Trainer.EvalResult e = trainer.evaluate(in);
                    assertEquals(2, e.imageDice().length);
                }
            }
        }
    }

    /** Native memory stays flat: no array survives a step except parameters and optimizer state. */
    @Test
    void stepsLeaveNoArraysBehind() throws IOException {
        TrainingConfig t = FineTuningTest.tinyConfig();
        t.ifUpdateEncoder = true;
        t.gradClip = 1.0;
        try (NDManager m = NDManager.newBaseManager()) {
            Sam sam = FineTuningTest.model(t, m);
            TrainingDataset ds = FineTuningTest.data(t, TestData.trainList(), true);
            List<Integer> live = new ArrayList<>();
            try (Trainer trainer = new Trainer(sam, m, t)) {
                for (int k = 0; k < 4; k++) {
                    try (NDManager sub = m.newSubManager()) {
                        trainer.step(TrainingInput.of(TrainingBatch.collate(sub, List.of(ds.get(0, k), ds.get(1, k)))), k, k, 1e-3);
                        trainer.evaluate(TrainingInput.of(TrainingBatch.collate(sub, List.of(ds.get(2, k)))));
                    }
                    live.add(m.getManagedArrays().size());
                }
            }
            assertEquals(live.get(1), live.get(3), "live arrays after steps 2 and 4: " + live);
        }
    }
}
