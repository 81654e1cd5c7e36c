package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One TinyViT stage ({@code layers.i}): its blocks ({@code blocks.j}) and, except for the last stage,
 * a {@link PatchMerging} ({@code downsample}). Stage 0 is the reference's ConvLayer (MBConv blocks, here on a channels-last
 * map); later stages are BasicLayers (TinyViT blocks on a (B, H, W, C) token grid). Every
 * stage returns a token grid (B, H', W', C').
 */
public final class TinyViTStage extends SamBlock {
    private final List<MBConv> convBlocks = new ArrayList<>();
    private final List<TinyViTBlock> blocks = new ArrayList<>();
    private final PatchMerging downsample;

    /** Stage 0: MBConv blocks. */
    static TinyViTStage conv(SamConfig cfg) {
        return new TinyViTStage(cfg, 0, null);
    }

    /** Stage {@code i >= 1}: TinyViT blocks, each given its qkv projection and adapters by {@code peft}. */
    static TinyViTStage attention(SamConfig cfg, int i, PeftConfig peft) {
        return new TinyViTStage(cfg, i, peft);
    }

    private TinyViTStage(SamConfig cfg, int i, PeftConfig peft) {
        int dim = cfg.embedDims[i];
        for (int j = 0; j < cfg.depths[i]; j++) {
            if (i == 0) {
                convBlocks.add(child("blocks." + j, new MBConv(dim, cfg.mbconvExpandRatio, cfg.batchNormEps)));
            } else {
                int heads = cfg.stageNumHeads[i];
                // finetune-SAM's PEFT lists index the attention stages: layers.i is entry i - 1
                int t = i - 1;
                LinearBlock qkv = peft.encoderBlockHasLora(t) ? peft.tinyVitLoraQkv(dim, heads) : new ViTLinear(dim, 3 * dim, true);
                AdapterSpec adapters = peft.encoderBlockHasAdapter(t) ? peft.adapterSpec() : null;
                blocks.add(child("blocks." + j, new TinyViTBlock(cfg, dim, heads, cfg.windowSizes[i], qkv, adapters)));
            }
        }
        boolean last = i == cfg.embedDims.length - 1;
        this.downsample = last ? null
                : child("downsample", new PatchMerging(dim, cfg.embedDims[i + 1], cfg.patchMergingStride(i), cfg.batchNormEps));
    }

    /** The TinyViT blocks (empty for the convolutional stage 0). */
    public List<TinyViTBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * x: (B, H, W, C) -> (B, H', W', C'); every stage works channels-last. With a sink, each block's
     * output is stored as {@code <name>_block<j>_out} (stage 0 as a (B, C, H, W) view, like the reference's
     * ConvLayer) and the stage's as {@code <name>_out}.
     */
    NDArray forward(NDArray x, Map<String, NDArray> sink, String name) {
        NDArray t = x;
        int count = Math.max(convBlocks.size(), blocks.size());
        for (int j = 0; j < count; j++) {
            NDArray next;
            if (!convBlocks.isEmpty()) {
                try (NDScope scope = new NDScope()) {
                    next = convBlocks.get(j).forward(t);
                    NDScope.unregister(next);
                }
                NDScope.register(next);
            } else {
                next = blocks.get(j).forward(t);
            }
            release(t, x, sink);
            t = next;
            put(sink, name + "_block" + j + "_out", convBlocks.isEmpty() ? t : t.transpose(0, 3, 1, 2));
        }
        if (downsample != null) {
            NDArray next;
            try (NDScope scope = new NDScope()) {
                next = downsample.forward(t);
                NDScope.unregister(next);
            }
            NDScope.register(next);
            release(t, x, sink);
            t = next;
        }
        put(sink, name + "_out", t);
        return t;
    }

    /** Frees an intermediate as soon as the next one exists (never the caller's input, nor a kept one). */
    private static void release(NDArray t, NDArray input, Map<String, NDArray> sink) {
        if (t != input && sink == null) {
            t.close();
        }
    }

    private static void put(Map<String, NDArray> sink, String name, NDArray a) {
        if (sink != null) {
            sink.put(name, a);
        }
    }
}
