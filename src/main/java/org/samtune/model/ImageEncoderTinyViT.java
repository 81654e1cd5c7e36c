package org.samtune.model;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * MobileSAM's TinyViT image encoder (vit_t), as finetune-SAM builds it: a convolutional patch
 * embedding, a stage of MBConv blocks, three stages of windowed-attention blocks joined by
 * PatchMerging, and SAM's convolutional neck. At 1024² (MobileSAM sizes):
 * <pre>
 *   (B,3,1024,1024) -patch_embed-> (B,64,256,256) -layers.0-> (B,128,128,128)ᵀ -layers.1-> (B,64,64,160)ᵀ
 *   -layers.2-> (B,64,64,320)ᵀ -layers.3-> (B,64,64,320)ᵀ -neck-> (B,256,64,64)      (ᵀ: B,H,W,C tokens)
 * </pre>
 * State dict (under {@code image_encoder.}): {@code patch_embed.seq.*}, {@code layers.i.blocks.j.*},
 * {@code layers.i.downsample.*}, {@code norm_head.*}, {@code head.*}, {@code neck.0-3.*}, with every
 * BatchNorm's running_mean / running_var / num_batches_tracked.
 *
 * <p>{@code norm_head} / {@code head} are TinyViT's ImageNet classifier. SAM never calls it, but MobileSAM
 * and finetune-SAM checkpoints hold it, so it is kept as (unused) parameters: checkpoints load strictly
 * and state dicts round-trip unchanged. BatchNorm always uses the running statistics ({@link BatchNorm2d}).
 */
public final class ImageEncoderTinyViT extends SamBlock implements ImageEncoder {
    private final SamConfig cfg;
    private final TinyViTPatchEmbed patchEmbed;
    private final List<TinyViTStage> layers = new ArrayList<>();
    private final EncoderNeck neck;

    public ImageEncoderTinyViT(SamConfig cfg) {
        this(cfg, PeftConfig.none());
    }

    /**
     * With finetune-SAM's LoRA and/or adapters where {@code peft} puts them. For TinyViT its encoder block
     * lists hold attention-stage indices: entry t means every block of {@code layers.(t+1)}
     * (finetune-SAM's default [0,1,10,11] = layers.1 and layers.2).
     */
    public ImageEncoderTinyViT(SamConfig cfg, PeftConfig peft) {
        if (!cfg.isTinyViT()) {
            throw new IllegalArgumentException("ImageEncoderTinyViT needs a tiny_vit config, got " + cfg.encoder);
        }
        this.cfg = cfg;
        this.patchEmbed = child("patch_embed", new TinyViTPatchEmbed(cfg));
        for (int i = 0; i < cfg.embedDims.length; i++) {
            layers.add(child("layers." + i, i == 0 ? TinyViTStage.conv(cfg) : TinyViTStage.attention(cfg, i, peft)));
        }
        int last = cfg.embedDims[cfg.embedDims.length - 1];
        if (cfg.numClasses > 0) {
            child("norm_head", new ViTLayerNorm(last, cfg.tinyVitLayerNormEps));
            child("head", new ViTLinear(last, cfg.numClasses, true));
        }
        this.neck = child("neck", new EncoderNeck(last, cfg.outChans, cfg.layerNorm2dEps));
    }

    public SamConfig config() {
        return cfg;
    }

    /** layers.0 … layers.N-1 (stage 0 convolutional). */
    public List<TinyViTStage> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * x: (B, 3, imgSize, imgSize), normalised and zero-padded -> image embeddings (B, outChans, grid, grid).
     * Stages kept in {@code sink}: patch_embed_out, layer0_block<j>_out (B, C, H, W);
     * layer0_out, layer<i>_block<j>_out, layer<i>_out (B, H, W, C); neck0_out … neck3_out and
     * image_embeddings (B, C, H, W).
     */
    @Override
    public NDArray encode(NDArray x, Map<String, NDArray> sink) {
        return Scoped.keep(sink, () -> {
            NDArray stem = patchEmbed.forward(x); // (B, C0, H0, W0)
            if (sink != null) {
                sink.put("patch_embed_out", stem);
            }
            NDArray t = stem.transpose(0, 2, 3, 1); // the stages work channels-last
            for (int i = 0; i < layers.size(); i++) {
                t = layers.get(i).forward(t, sink, "layer" + i);
            }
            return neck.forward(t.transpose(0, 3, 1, 2), sink);
        });
    }
}
