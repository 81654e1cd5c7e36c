package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vit_t preset enumerates exactly the state dict of MobileSAM's mobile_sam.pt (keys/mobile_sam_vit_t.txt:
 * names, order, shapes, BatchNorm buffers and the unused ImageNet head included), and finetune-SAM's vit_t
 * variants (keys/finetune-sam-variants.txt sections (d) vanilla, (e) LoRA, (f) adapters, num_cls=2). The
 * tiny fixture's model (config.json) enumerates its keys.txt.
 */
class TinyViTKeysTest {

    /** "key (d0, d1)" lines of a listing; section null = the whole file. Shapes "(256,)", "256x64", "scalar", "()". */
    static List<String> listing(Path file, String section) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inside = section == null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (section != null && line.startsWith("### (")) {
                inside = line.startsWith("### " + section + " ");
                continue;
            }
            if (!inside || line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String shape = f[1].replace("(", "").replace(")", "").replace("scalar", "").trim();
            List<String> dims = new ArrayList<>();
            for (String d : shape.split("[,x]")) {
                if (!d.trim().isEmpty()) {
                    dims.add(d.trim());
                }
            }
            out.add(f[0] + " (" + String.join(", ", dims) + ")");
        }
        return out;
    }

    static List<String> actual(SamBlock block) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Shape> e : block.namedShapes().entrySet()) {
            List<String> dims = new ArrayList<>();
            for (long d : e.getValue().getShape()) {
                dims.add(Long.toString(d));
            }
            out.add(e.getKey() + " (" + String.join(", ", dims) + ")");
        }
        return out;
    }

    private static SamConfig numCls2(SamConfig c) {
        c.numMultimaskOutputs = 2;
        return c;
    }

    @Test
    void vitTPresetIsMobileSamOneForOne() throws IOException {
        List<String> want = listing(Fixtures.keys("mobile_sam_vit_t.txt"), null);
        assertEquals(439, want.size());
        assertEquals(want, actual(new Sam(SamConfig.preset("vit_t"))));
    }

    @Test
    void finetuneSamVitTVariants() throws IOException {
        Path variants = Fixtures.keys("finetune-sam-variants.txt");
        List<String> d = listing(variants, "(d)");
        assertEquals(433, d.size());
        assertEquals(d, actual(new Sam(numCls2(SamConfig.vitT()))));
        List<String> e = listing(variants, "(e)");
        assertEquals(493, e.size());
        assertEquals(e, actual(new Sam(numCls2(SamConfig.vitT()), PeftConfig.lora(4, PeftConfig.DEFAULT_ENCODER_BLOCKS, true))));
        List<String> f = listing(variants, "(f)");
        assertEquals(513, f.size());
        assertEquals(f, actual(new Sam(numCls2(SamConfig.vitT()), PeftConfig.adapter(PeftConfig.DEFAULT_ENCODER_BLOCKS, true))));
    }

    @Test
    void tinyFixtureModelMatchesItsKeyListing() throws IOException {
        // keys.txt: the 307 entries of model.pth (then, commented out, the MobileSAM keys that depths [1,1,2,1] drop)
        List<String> want = listing(Fixtures.file("sam-tiny-vit_t/keys.txt"), null);
        assertEquals(307, want.size());
        assertEquals(want, actual(new Sam(SamConfig.fromJson(Fixtures.file("sam-tiny-vit_t/config.json")))));
    }

    @Test
    void presetJsonRoundTripsAndMatchesInference() {
        SamConfig t = SamConfig.vitT();
        assertEquals(64, t.tokenGrid());
        assertArrayEquals(new int[] {256, 128, 64, 64}, t.tinyVitStageResolutions());
        assertArrayEquals(new int[] {64, 64}, t.imageEmbeddingSize);
        SamConfig back = SamConfig.fromJson(t.toJson());
        assertEquals(t.toJson(), back.toJson());
        assertTrue(back.isTinyViT());

        // the out_dim rule without explicit strides gives MobileSAM's [2, 2, 1]
        SamConfig rule = SamConfig.vitT();
        rule.patchMergingStrides = null;
        assertEquals(64, rule.tokenGrid());

        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : new Sam(SamConfig.vitT()).namedShapes().entrySet()) {
            shapes.put(e.getKey(), e.getValue().getShape());
        }
        ArchitectureInfo info = ArchitectureInference.infer(shapes);
        assertEquals("vit_t", info.preset);
        assertEquals(t.toJson(), info.toSamConfig().toJson());
    }

    /** Shapes of a listing section, for architecture inference. */
    private static Map<String, long[]> shapes(List<String> lines) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String l : lines) {
            String key = l.substring(0, l.indexOf(' '));
            String dims = l.substring(l.indexOf('(') + 1, l.length() - 1);
            out.put(key, dims.isEmpty() ? new long[0]
                    : java.util.Arrays.stream(dims.split(", ")).mapToLong(Long::parseLong).toArray());
        }
        return out;
    }

    @Test
    void finetuneSamVitTCheckpointsGiveTheirPeftSetting() throws IOException {
        Path variants = Fixtures.keys("finetune-sam-variants.txt");
        ArchitectureInfo e = ArchitectureInference.infer(shapes(listing(variants, "(e)")));
        PeftConfig lora = SamFactory.peftOf(e, null);
        assertArrayEquals(new int[] {0, 1}, lora.loraEncoderBlocks); // layers.1, layers.2
        assertEquals(PeftConfig.TinyVitLoraLayout.FINETUNE_SAM, lora.tinyVitLoraLayout);
        assertTrue(lora.decoderLora);
        SamConfig ec = e.toSamConfig();
        assertTrue(ec.isTinyViT());
        assertEquals(2, ec.numMultimaskOutputs);
        assertEquals(listing(variants, "(e)"), actual(new Sam(ec, lora)));

        ArchitectureInfo f = ArchitectureInference.infer(shapes(listing(variants, "(f)")));
        PeftConfig ad = SamFactory.peftOf(f, null);
        assertArrayEquals(new int[] {0, 1}, ad.adapterEncoderBlocks);
        assertEquals(0.25, ad.adapterMlpRatio, 1e-12);
        assertEquals(listing(variants, "(f)"), actual(new Sam(f.toSamConfig(), ad)));
    }

    @Test
    void fixtureConfigJsonReadsAsTinyViT() {
        SamConfig c = SamConfig.fromJson(Fixtures.file("sam-tiny-vit_t/config.json"));
        assertTrue(c.isTinyViT());
        assertArrayEquals(new int[] {16, 32, 48, 64}, c.embedDims);
        assertArrayEquals(new int[] {1, 2, 3, 4}, c.stageNumHeads);
        assertArrayEquals(new int[] {2, 2, 1}, new int[] {c.patchMergingStride(0), c.patchMergingStride(1), c.patchMergingStride(2)});
        assertEquals(32, c.outChans);
        assertEquals(64, c.tokenGrid()); // config.json final_grid
        assertArrayEquals(new int[] {256, 128, 64, 64}, c.tinyVitStageResolutions()); // stage_input_resolutions
        // 260042 parameters (BatchNorm statistics are buffers)
        assertEquals(260_042L, PeftTraining.count(new Sam(c), PeftConfig.none(), PeftTraining.Components.ENCODER_AND_DECODER).total);
    }
}
