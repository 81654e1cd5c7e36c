package org.samtune.checkpoint;

import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.model.SamConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Architecture inference against independent truth: the fixtures' config.json (tiny models built with
 * the reference code) and the key listings of the full-size registry models.
 */
class ArchitectureInferenceTest {
    private static final Path VARIANTS = Fixtures.keys("finetune-sam-variants.txt");

    @Test
    void samTinyMatchesItsConfigJson() {
        ArchitectureInfo a = ArchitectureInference.infer(PthReader.read(Fixtures.file("sam-tiny/model.pth")));
        SamConfig c = SamConfig.fromJson(Fixtures.file("sam-tiny/config.json"));
        assertEquals(ArchitectureInfo.Encoder.VIT, a.encoder);
        assertEquals("custom", a.preset);
        assertEquals(ArchitectureInfo.Method.NONE, a.method);
        assertFalse(a.isFinetuneSam());
        assertEquals(c.imgSize, a.imgSize);
        assertEquals(c.patchSize, a.patchSize);
        assertEquals(c.inChans, a.inChans);
        assertEquals(c.embedDim, a.embedDim);
        assertEquals(c.depth, a.depth);
        assertEquals(c.numHeads, a.numHeads);
        assertEquals(c.mlpRatio, (double) a.mlpDim / a.embedDim);
        assertEquals(c.windowSize, a.windowSize);
        assertArrayEquals(c.globalAttnIndexes, a.globalAttnIndexes);
        assertEquals(c.qkvBias, a.qkvBias);
        assertEquals(c.useAbsPos, a.useAbsPos);
        assertEquals(c.useRelPos, a.useRelPos);
        assertEquals(c.outChans, a.outChans);
        assertEquals(c.promptEmbedDim, a.promptEmbedDim);
        assertEquals(c.maskInChans, a.maskInChans);
        assertEquals(c.numMultimaskOutputs, a.numMultimaskOutputs());
        assertEquals(c.transformerDepth, a.transformerDepth);
        assertEquals(c.transformerMlpDim, a.transformerMlpDim);
        assertEquals(c.attentionDownsampleRate, a.attentionDownsampleRate);
        assertEquals(c.iouHeadDepth, a.iouHeadDepth);
        assertEquals(c.iouHeadHiddenDim, a.iouHeadHiddenDim);
        // the decoder's head count is not in any shape, and this decoder is not SAM's standard one
        assertEquals(List.of("transformer_num_heads"), a.notInferred);
        assertFalse(a.isComplete());
        CheckpointException e = assertThrows(CheckpointException.class, a::toSamConfig);
        assertTrue(e.getMessage().contains("transformer_num_heads") && e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void samTinyLoraIsFinetuneSamLora() {
        ArchitectureInfo a = ArchitectureInference.infer(PthReader.read(Fixtures.file("sam-tiny-lora/model.pth")));
        assertEquals(ArchitectureInfo.Method.LORA, a.method);
        assertTrue(a.isFinetuneSam());
        // config.json: encoder_blocks_with_lora [0, 1], if_decoder_lora_layer, lora_rank 4
        assertEquals(List.of("blocks.0", "blocks.1"), a.encoderLoraBlocks);
        assertTrue(a.decoderLora);
        assertEquals(4, a.loraRank);
        assertTrue(a.encoderAdapterBlocks.isEmpty());
        // the renamed qkv.qkv / q_proj.proj keys still give the base sizes
        assertEquals(32, a.embedDim);
        assertTrue(a.qkvBias);
        assertEquals(2, a.attentionDownsampleRate);
        assertEquals(3, a.numMultimaskOutputs());
    }

    @Test
    void samTinyAdapterIsFinetuneSamAdapter() {
        ArchitectureInfo a = ArchitectureInference.infer(PthReader.read(Fixtures.file("sam-tiny-adapter/model.pth")));
        assertEquals(ArchitectureInfo.Method.ADAPTER, a.method);
        // config.json: encoder_blocks_with_adapter [0, 1], decoder_adapt_depth 2, adapter_hidden 8
        assertEquals(List.of("blocks.0", "blocks.1"), a.encoderAdapterBlocks);
        assertEquals(List.of("layers.0", "layers.1"), a.decoderAdapterLayers);
        assertEquals(8, a.adapterHiddenDim);
        assertFalse(a.decoderLora);
        assertTrue(a.encoderLoraBlocks.isEmpty());
    }

    @Test
    void samTinyVitTMatchesItsConfigJson() {
        ArchitectureInfo a = ArchitectureInference.infer(PthReader.read(Fixtures.file("sam-tiny-vit_t/model.pth")));
        assertEquals(ArchitectureInfo.Encoder.TINY_VIT, a.encoder);
        assertEquals("custom", a.preset);
        // config.json: embed_dims [16,32,48,64], depths [1,1,2,1], num_heads [1,2,3,4] (stage 0 is convolutional),
        // window_sizes [7,7,14,7], neck_out_chans 32, 3 multimask outputs
        assertArrayEquals(new int[] {16, 32, 48, 64}, a.tinyEmbedDims);
        assertArrayEquals(new int[] {1, 1, 2, 1}, a.tinyDepths);
        assertArrayEquals(new int[] {0, 2, 3, 4}, a.tinyNumHeads);
        assertArrayEquals(new int[] {0, 7, 14, 7}, a.tinyWindowSizes);
        assertEquals(32, a.outChans);
        assertEquals(3, a.numMultimaskOutputs());
        assertEquals(ArchitectureInfo.Method.NONE, a.method);
        assertThrows(CheckpointException.class, a::toSamConfig);
    }

    @Test
    void fullSizePresetsFromKeyListings() {
        String[][] cases = {{"sam_vit_b.txt", "vit_b"}, {"sam_vit_l.txt", "vit_l"}, {"sam_vit_h.txt", "vit_h"}};
        for (String[] c : cases) {
            ArchitectureInfo a = ArchitectureInference.infer(KeyListings.shapes(Fixtures.keys(c[0])));
            assertEquals(c[1], a.preset, c[0]);
            assertTrue(a.isComplete(), a.describe());
            assertEquals(ArchitectureInfo.Method.NONE, a.method);
            assertEquals(3, a.numMultimaskOutputs());
            SamConfig inferred = a.toSamConfig();
            SamConfig preset = SamConfig.preset(c[1]);
            assertEquals(preset.toJson(), inferred.toJson(), c[0]);
        }
    }

    @Test
    void mobileSamKeyListingIsVitT() {
        ArchitectureInfo a = ArchitectureInference.infer(KeyListings.shapes(Fixtures.keys("mobile_sam_vit_t.txt")));
        assertEquals("vit_t", a.preset);
        // MobileSAM's TinyViT: embed_dims [64,128,160,320], depths [2,2,6,2], num_heads [2,4,5,10], windows [7,7,14,7]
        assertArrayEquals(new int[] {64, 128, 160, 320}, a.tinyEmbedDims);
        assertArrayEquals(new int[] {2, 2, 6, 2}, a.tinyDepths);
        assertArrayEquals(new int[] {0, 4, 5, 10}, a.tinyNumHeads);
        assertArrayEquals(new int[] {0, 7, 14, 7}, a.tinyWindowSizes);
        assertEquals(256, a.outChans);
        assertEquals(3, a.numMultimaskOutputs()); // the listing was built with num_classes=3
    }

    @Test
    void finetuneSamVitBListings() {
        ArchitectureInfo lora = ArchitectureInference.infer(KeyListings.shapes(Fixtures.keys("fsam_vit_b_lora.txt")));
        assertEquals("vit_b", lora.preset);
        assertEquals(ArchitectureInfo.Method.LORA, lora.method);
        assertEquals(List.of("blocks.0", "blocks.1", "blocks.10", "blocks.11"), lora.encoderLoraBlocks);
        assertTrue(lora.decoderLora);
        assertEquals(4, lora.loraRank);
        assertEquals(3, lora.numMultimaskOutputs()); // num_classes=3
        SamConfig lc = lora.toSamConfig();
        assertTrue(lc.finetuneSamBlockOrder, "LoRA modules only come from finetune-SAM's encoder");
        assertEquals(SamConfig.vitB().embedDim, lc.embedDim);
        assertFalse(ArchitectureInference.infer(KeyListings.shapes(Fixtures.keys("sam_vit_b.txt"))).toSamConfig().finetuneSamBlockOrder);

        ArchitectureInfo ad = ArchitectureInference.infer(KeyListings.shapes(Fixtures.keys("fsam_vit_b_adapter.txt")));
        assertEquals("vit_b", ad.preset);
        assertEquals(ArchitectureInfo.Method.ADAPTER, ad.method);
        assertEquals(List.of("blocks.0", "blocks.1", "blocks.10", "blocks.11"), ad.encoderAdapterBlocks);
        assertEquals(List.of("layers.0", "layers.1"), ad.decoderAdapterLayers);
        assertEquals(192, ad.adapterHiddenDim); // 0.25 * 768
    }

    @Test
    void finetuneSamVariantSections() {
        // (a) vanilla num_cls=2: SAM's keys but 3 mask tokens
        ArchitectureInfo a = ArchitectureInference.infer(KeyListings.section(VARIANTS, "(a)"));
        assertEquals("vit_b", a.preset);
        assertEquals(ArchitectureInfo.Method.NONE, a.method);
        assertEquals(3, a.numMaskTokens);
        assertEquals(2, a.numMultimaskOutputs());
        assertEquals(2, a.toSamConfig().numMultimaskOutputs);
        assertTrue(a.notes.stream().anyMatch(n -> n.contains("finetune-SAM")), a.describe());

        ArchitectureInfo b2 = ArchitectureInference.infer(KeyListings.section(VARIANTS, "(b2)"));
        assertEquals(ArchitectureInfo.Method.LORA, b2.method);
        assertEquals(12, b2.encoderLoraBlocks.size());

        ArchitectureInfo c2 = ArchitectureInference.infer(KeyListings.section(VARIANTS, "(c2)"));
        assertEquals(ArchitectureInfo.Method.ADAPTER, c2.method);
        assertEquals(12, c2.encoderAdapterBlocks.size());

        ArchitectureInfo e = ArchitectureInference.infer(KeyListings.section(VARIANTS, "(e)"));
        assertEquals(ArchitectureInfo.Encoder.TINY_VIT, e.encoder);
        assertEquals("vit_t", e.preset);
        assertEquals(ArchitectureInfo.Method.LORA, e.method);
        assertTrue(e.encoderLoraBlocks.contains("layers.1.blocks.0"), e.encoderLoraBlocks.toString());
        assertTrue(e.encoderLoraBlocks.stream().allMatch(p -> p.startsWith("layers.1.") || p.startsWith("layers.2.")));

        ArchitectureInfo f = ArchitectureInference.infer(KeyListings.section(VARIANTS, "(f)"));
        assertEquals(ArchitectureInfo.Method.ADAPTER, f.method);
        assertTrue(f.encoderAdapterBlocks.contains("layers.2.blocks.0"), f.encoderAdapterBlocks.toString());
    }

    @Test
    void dataParallelPrefixIsIgnored() {
        Map<String, long[]> prefixed = new LinkedHashMap<>();
        KeyListings.shapes(Fixtures.keys("sam_vit_b.txt")).forEach((k, v) -> prefixed.put("module." + k, v));
        assertEquals("vit_b", ArchitectureInference.infer(prefixed).preset);
    }

    @Test
    void customSizesAreDerivedAndGapsNamed() {
        // vit_b with 6 blocks and no rel_pos: depth is counted, heads/windows cannot be known
        Map<String, long[]> s = new LinkedHashMap<>();
        KeyListings.shapes(Fixtures.keys("sam_vit_b.txt")).forEach((k, v) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^image_encoder\\.blocks\\.(\\d+)\\.").matcher(k);
            if (m.find() && Integer.parseInt(m.group(1)) >= 6 || k.contains("rel_pos")) {
                return;
            }
            s.put(k, v);
        });
        ArchitectureInfo a = ArchitectureInference.infer(s);
        assertEquals("custom", a.preset);
        assertEquals(6, a.depth);
        assertEquals(768, a.embedDim);
        assertEquals(1024, a.imgSize);
        assertFalse(a.useRelPos);
        assertEquals(List.of("num_heads", "window_size", "global_attn_indexes"), a.notInferred);
        assertTrue(a.describe().contains("num_heads"), a.describe());
    }

    @Test
    void nonSamStateDictIsRejectedWithFileName() {
        StateDict sd = new StateDict(Map.of("fc.weight", HostTensor.ofFloats(new long[] {1}, new float[] {1})),
                Path.of("resnet.pth"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> ArchitectureInference.infer(sd));
        assertTrue(e.getMessage().contains("resnet.pth") && e.getMessage().contains("not a SAM checkpoint"), e.getMessage());
    }
}
