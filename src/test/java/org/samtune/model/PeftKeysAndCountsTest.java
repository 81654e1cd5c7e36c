package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full-size finetune-SAM PEFT models, from declared shapes only (nothing allocated): the state-dict
 * entries equal finetune-SAM's own listings one for one (keys/fsam_vit_b_*.txt, num_classes=3), and
 * the parameter totals / requires_grad counts equal the spec's measured table (§3.6, num_cls=2).
 */
class PeftKeysAndCountsTest {

    private static List<String> expected(String file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.keys(file), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(f[0] + " " + f[1].replace(",)", ")"));
        }
        return out;
    }

    private static List<String> actual(SamBlock block) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Shape> e : block.namedShapes().entrySet()) {
            StringBuilder s = new StringBuilder("(");
            long[] dims = e.getValue().getShape();
            for (int i = 0; i < dims.length; i++) {
                s.append(i == 0 ? "" : ", ").append(dims[i]);
            }
            out.add(e.getKey() + " " + s.append(')'));
        }
        return out;
    }

    @Test
    void vitBLoraKeysEqualFinetuneSams() throws IOException {
        // header: num_classes=3, -if_encoder_lora_layer True -if_decoder_lora_layer True, r=4, [0,1,10,11]
        List<String> want = expected("fsam_vit_b_lora.txt");
        assertEquals(358, want.size());
        assertEquals(want, actual(new Sam(SamConfig.vitB(), PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true))));
    }

    @Test
    void vitBAdapterKeysEqualFinetuneSams() throws IOException {
        // header: num_classes=3, -if_encoder_adapter True -if_mask_decoder_adapter True, [0,1,10,11], depth 2
        List<String> want = expected("fsam_vit_b_adapter.txt");
        assertEquals(378, want.size());
        assertEquals(want, actual(new Sam(SamConfig.vitB(), PeftConfig.adapter(PeftConfig.DEFAULT_ENCODER_BLOCKS, true))));
    }

    @Test
    void plainSamKeysUnchanged() throws IOException {
        assertEquals(expected("sam_vit_b.txt"), actual(new Sam(SamConfig.vitB())));
        assertEquals(expected("sam_vit_b.txt"), actual(new Sam(SamConfig.vitB(), PeftConfig.none())));
    }

    @Test
    void baseKeysMapBackToPlainSam() throws IOException {
        List<String> plain = new ArrayList<>(new Sam(SamConfig.vitB()).namedShapes().keySet());
        List<String> mapped = new ArrayList<>();
        for (String k : new Sam(SamConfig.vitB(), PeftConfig.lora(4, null, true)).namedShapes().keySet()) {
            String b = PeftKeys.baseKey(k);
            if (b != null) {
                mapped.add(b);
            }
        }
        assertEquals(plain, mapped);
        assertNull(PeftKeys.baseKey("image_encoder.blocks.3.MLP_Adapter.D_fc1.bias"));
        assertNull(PeftKeys.baseKey("mask_decoder.transformer.layers.0.self_attn.q_proj.w_a.weight"));
    }

    // ------------------------------------------------------------------------------ spec §3.6 table

    private static final int[] ALL = null;
    private static final PeftTraining.Components DEC = PeftTraining.Components.DECODER;
    private static final PeftTraining.Components BOTH = PeftTraining.Components.ENCODER_AND_DECODER;

    /** One row of the table: arch, method flags, expected total and requires_grad. */
    private static DynamicTest row(String arch, String label, PeftConfig peft, PeftTraining.Components comps,
            long total, long requiresGrad) {
        return DynamicTest.dynamicTest(arch + " " + label, () -> {
            SamConfig cfg = SamConfig.preset(arch);
            cfg.numMultimaskOutputs = 2; // num_cls=2
            Sam sam = new Sam(cfg, peft);
            PeftTraining.ParameterCounts c = PeftTraining.count(sam, comps);
            assertEquals(total, c.total, "total parameters");
            assertEquals(requiresGrad, c.requiresGrad, "requires_grad parameters");
            assertTrue(c.trainable <= c.requiresGrad);
        });
    }

    @TestFactory
    List<DynamicTest> parameterCountsMatchSpecTable() {
        int[] def = PeftConfig.DEFAULT_ENCODER_BLOCKS;
        return List.of(
                row("vit_b", "vanilla dec", PeftConfig.none(), DEC, 93_595_151L, 3_924_239L),
                row("vit_b", "vanilla enc+dec", PeftConfig.none(), BOTH, 93_595_151L, 93_595_151L),
                row("vit_b", "adapter dec", PeftConfig.adapter(new int[0], true), DEC, 93_727_503L, 132_352L),
                row("vit_b", "adapter enc+dec [0,1,10,11]", PeftConfig.adapter(def, true), BOTH, 97_277_967L, 3_682_816L),
                row("vit_b", "adapter enc+dec all", PeftConfig.adapter(ALL, true), BOTH, 104_378_895L, 10_783_744L),
                row("vit_b", "lora dec", PeftConfig.lora(4, new int[0], true), DEC, 93_618_703L, 90_327_439L),
                row("vit_b", "lora enc+dec [0,1,10,11]", PeftConfig.lora(4, def, true), BOTH, 93_667_855L, 705_679L),
                row("vit_b", "lora enc+dec all", PeftConfig.lora(4, ALL, true), BOTH, 93_766_159L, 803_983L),
                row("vit_h", "vanilla dec", PeftConfig.none(), DEC, 640_950_287L, 3_924_239L),
                row("vit_h", "adapter dec", PeftConfig.adapter(new int[0], true), DEC, 641_082_639L, 132_352L),
                row("vit_h", "adapter enc+dec [0,1,10,11]", PeftConfig.adapter(def, true), BOTH, 650_932_239L, 9_981_952L),
                row("vit_h", "adapter enc+dec all", PeftConfig.adapter(ALL, true), BOTH, 719_879_439L, 78_929_152L),
                row("vit_h", "lora dec", PeftConfig.lora(4, new int[0], true), DEC, 640_973_839L, 637_682_575L),
                row("vit_h", "lora enc+dec [0,1,10,11]", PeftConfig.lora(4, def, true), BOTH, 641_055_759L, 738_447L),
                row("vit_h", "lora enc+dec all", PeftConfig.lora(4, ALL, true), BOTH, 641_629_199L, 1_311_887L));
    }

    @Test
    void trainableExcludesAnEncoderThatIsNotUpdated() {
        SamConfig cfg = SamConfig.vitB();
        cfg.numMultimaskOutputs = 2;
        // lora dec: finetune-SAM leaves the encoder's flag on but runs it under no_grad
        PeftTraining.ParameterCounts c = PeftTraining.count(new Sam(cfg, PeftConfig.lora(4, new int[0], true)), DEC);
        assertEquals(90_327_439L - 89_670_912L, c.trainable); // minus the ViT-B encoder (spec: 89,670,912)
        // vanilla enc+dec trains everything; vanilla dec everything but the encoder
        assertEquals(93_595_151L, PeftTraining.count(new Sam(cfg), BOTH).trainable);
        assertEquals(3_924_239L, PeftTraining.count(new Sam(cfg), DEC).trainable);
    }
}
