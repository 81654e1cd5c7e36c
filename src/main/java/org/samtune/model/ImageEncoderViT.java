package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * SAM's ViT image encoder: patch embedding, absolute position embedding, {@code depth} transformer
 * blocks (windowed attention except at {@link SamConfig#globalAttnIndexes}) and a convolutional neck.
 * State-dict names are those of the checkpoint's {@code image_encoder.} entries without that prefix:
 * {@code pos_embed}, {@code patch_embed.proj.*}, {@code blocks.N.*}, {@code neck.0-3.*}.
 */
public final class ImageEncoderViT extends SamBlock implements ImageEncoder {
    /** Builds the qkv projection of block {@code blockIndex} (a plain linear layer unless wrapped, e.g. by LoRA). */
    @FunctionalInterface
    public interface QkvFactory {
        LinearBlock create(int blockIndex, int dim, boolean bias);
    }

    private final SamConfig cfg;
    private final Parameter posEmbed;
    private final PatchEmbed patchEmbed;
    private final List<ViTBlock> blocks = new ArrayList<>();
    private final EncoderNeck neck;

    public ImageEncoderViT(SamConfig cfg) {
        this(cfg, (i, dim, bias) -> new ViTLinear(dim, 3 * dim, bias));
    }

    public ImageEncoderViT(SamConfig cfg, QkvFactory qkvFactory) {
        this(cfg, qkvFactory, i -> null);
    }

    /** With finetune-SAM's LoRA and/or adapters in the blocks that {@code peft} selects. */
    public ImageEncoderViT(SamConfig cfg, PeftConfig peft) {
        this(cfg, peft.qkvFactory(), i -> peft.encoderBlockHasAdapter(i) ? peft.adapterSpec() : null);
    }

    /** @param adapters block index -> its adapters, or null for a block without */
    private ImageEncoderViT(SamConfig cfg, QkvFactory qkvFactory, java.util.function.IntFunction<AdapterSpec> adapters) {
        this.cfg = cfg;
        int grid = cfg.tokenGrid();
        this.posEmbed = cfg.useAbsPos ? param("pos_embed", 1, grid, grid, cfg.embedDim) : null;
        this.patchEmbed = child("patch_embed", new PatchEmbed(cfg.patchSize, cfg.inChans, cfg.embedDim));
        for (int i = 0; i < cfg.depth; i++) {
            int ws = isGlobal(i) ? 0 : cfg.windowSize;
            blocks.add(child("blocks." + i, new ViTBlock(cfg, ws, qkvFactory.create(i, cfg.embedDim, cfg.qkvBias), adapters.apply(i))));
        }
        this.neck = child("neck", new EncoderNeck(cfg.embedDim, cfg.outChans, cfg.layerNorm2dEps));
    }

    private boolean isGlobal(int i) {
        for (int g : cfg.globalAttnIndexes) {
            if (g == i) {
                return true;
            }
        }
        return false;
    }

    public SamConfig config() {
        return cfg;
    }

    public List<ViTBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * x: (B, 3, imgSize, imgSize), normalised and zero-padded -> image embeddings (B, outChans, grid, grid).
     * Stages kept in {@code sink} (for tests and inspection): patch_embed_out and
     * after_pos_embed and block0_out … (B, H, W, C); neck0_out … neck3_out and image_embeddings
     * (B, C, H, W).
     */
    @Override
    public NDArray encode(NDArray x, Map<String, NDArray> sink) {
        return Scoped.keep(sink, () -> {
            NDArray t = patchEmbed.forward(x); // (B, G, G, C)
            put(sink, "patch_embed_out", t);
            if (posEmbed != null) {
                t = t.add(v(posEmbed));
            }
            put(sink, "after_pos_embed", t);
            for (int i = 0; i < blocks.size(); i++) {
                NDArray next = blocks.get(i).forward(t);
                if (sink == null) {
                    t.close(); // only one block's activations alive at a time
                }
                t = next;
                put(sink, "block" + i + "_out", t);
            }
            return neck.forward(t.transpose(0, 3, 1, 2), sink);
        });
    }

    private static void put(Map<String, NDArray> sink, String name, NDArray a) {
        if (sink != null) {
            sink.put(name, a);
        }
    }
}
