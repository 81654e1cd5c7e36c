package org.samtune.checkpoint;

import org.samtune.model.SamConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a checkpoint's keys and shapes say about the model that saved it (see
 * {@link ArchitectureInference}). Sizes that the state dict does not determine are -1 (or null for
 * arrays) and named in {@link #notInferred}; for those the user must give the architecture
 * ({@code --config arch.json}).
 */
public final class ArchitectureInfo {
    /** The image encoder family. */
    public enum Encoder { VIT, TINY_VIT }

    /** finetune-SAM's parameter-efficient fine-tuning modules present in the checkpoint. */
    public enum Method { NONE, LORA, ADAPTER, LORA_AND_ADAPTER }

    public Encoder encoder;
    /** "vit_b", "vit_l", "vit_h", "vit_t", or "custom" when the sizes match no registry preset. */
    public String preset = "custom";

    // finetune-SAM
    public Method method = Method.NONE;
    /** Encoder blocks carrying LoRA on qkv, as module paths under image_encoder ("blocks.0", "layers.1.blocks.0"). */
    public List<String> encoderLoraBlocks = new ArrayList<>();
    /** TinyViT: the encoder LoRA is SAM Tune's per-head q/v variant ({@code head_a_q} keys), not finetune-SAM's slices. */
    public boolean encoderLoraPerHead;
    /** Whether the mask decoder's q/v projections carry LoRA. */
    public boolean decoderLora;
    public int loraRank = -1;
    /** Encoder blocks carrying adapters, as module paths under image_encoder. */
    public List<String> encoderAdapterBlocks = new ArrayList<>();
    /** Mask decoder transformer layers carrying adapters ("layers.0", ...). */
    public List<String> decoderAdapterLayers = new ArrayList<>();
    /** Adapter bottleneck width (D_fc1 out-features) of the first encoder adapter, -1 without adapters. */
    public int adapterHiddenDim = -1;

    // ViT encoder (segment-anything ImageEncoderViT)
    public int imgSize = -1;
    public int patchSize = -1;
    public int inChans = -1;
    public int embedDim = -1;
    public int depth = -1;
    public int numHeads = -1;
    public int mlpDim = -1;
    public int windowSize = -1;
    public int[] globalAttnIndexes;
    public boolean qkvBias;
    public boolean useAbsPos;
    public boolean useRelPos;
    public int outChans = -1;

    // TinyViT encoder (MobileSAM), one entry per stage
    public int[] tinyEmbedDims;
    public int[] tinyDepths;
    /** Heads per stage; 0 for the convolutional first stage. */
    public int[] tinyNumHeads;
    /** Attention window per stage; 0 for the convolutional first stage. */
    public int[] tinyWindowSizes;
    public double tinyMlpRatio = -1;
    public double tinyMbconvExpandRatio = -1;
    public int tinyLocalConvSize = -1;
    /** Classes of the (unused) ImageNet head; 0 without head. */
    public int tinyNumClasses;
    /** PatchMerging strides (not stored in checkpoints: see ArchitectureInference). */
    public int[] tinyPatchMergingStrides;

    // prompt encoder and mask decoder
    public int promptEmbedDim = -1;
    public int maskInChans = -1;
    public int numMaskTokens = -1;
    public int transformerDepth = -1;
    public int transformerMlpDim = -1;
    public int transformerNumHeads = -1;
    public int attentionDownsampleRate = -1;
    public int iouHeadDepth = -1;
    public int iouHeadHiddenDim = -1;

    /** Config fields (JSON names) that the shapes do not determine. */
    public List<String> notInferred = new ArrayList<>();
    /** Human-readable remarks (assumptions made, oddities seen). */
    public List<String> notes = new ArrayList<>();

    /** The mask decoder's multimask output count: one mask token is the single-mask output. */
    public int numMultimaskOutputs() {
        return numMaskTokens - 1;
    }

    /** True when the checkpoint has finetune-SAM's LoRA or adapter modules. */
    public boolean isFinetuneSam() {
        return method != Method.NONE;
    }

    /** True when every size needed to build the model came from the checkpoint or its preset. */
    public boolean isComplete() {
        return notInferred.isEmpty();
    }

    /**
     * The architecture as a {@link SamConfig}: the preset with the checkpoint's mask-token count, or,
     * for custom sizes, every inferred value. Fails naming the missing fields when some could not be
     * inferred. ViT LoRA/adapter checkpoints get {@code finetuneSamBlockOrder = true}. TinyViT checkpoints
     * give a {@code tiny_vit} config (vit_t for MobileSAM's sizes).
     */
    public SamConfig toSamConfig() {
        if (!isComplete()) {
            throw new CheckpointException("The checkpoint does not determine " + String.join(", ", notInferred)
                    + ": give the architecture with --config arch.json");
        }
        if (encoder == Encoder.TINY_VIT) {
            return toTinyVitConfig();
        }
        SamConfig c = preset.equals("custom") ? new SamConfig() : SamConfig.preset(preset);
        c.imgSize = imgSize;
        c.patchSize = patchSize;
        c.inChans = inChans;
        c.embedDim = embedDim;
        c.depth = depth;
        c.numHeads = numHeads;
        c.mlpRatio = (double) mlpDim / embedDim;
        c.qkvBias = qkvBias;
        c.useAbsPos = useAbsPos;
        c.useRelPos = useRelPos;
        c.windowSize = windowSize;
        c.globalAttnIndexes = globalAttnIndexes.clone();
        c.outChans = outChans;
        applyPromptAndDecoder(c, imgSize / patchSize);
        // LoRA/adapter modules only exist in finetune-SAM's code, whose encoder block normalises after window
        // padding; a plain finetune-SAM checkpoint cannot be told apart from SAM by its keys
        c.finetuneSamBlockOrder = isFinetuneSam();
        c.name = preset;
        return c;
    }

    private SamConfig toTinyVitConfig() {
        SamConfig c = SamConfig.vitT();
        c.imgSize = imgSize;
        c.inChans = inChans;
        c.embedDims = tinyEmbedDims.clone();
        c.depths = tinyDepths.clone();
        c.stageNumHeads = tinyNumHeads.clone();
        c.windowSizes = tinyWindowSizes.clone();
        // the convolutional first stage has no attention: keep the vit_t entries there (unused)
        int[] vitT = SamConfig.vitT().stageNumHeads;
        c.stageNumHeads[0] = vitT[0];
        c.windowSizes[0] = SamConfig.vitT().windowSizes[0];
        c.mlpRatio = tinyMlpRatio;
        c.mbconvExpandRatio = tinyMbconvExpandRatio;
        c.localConvSize = tinyLocalConvSize;
        c.patchMergingStrides = tinyPatchMergingStrides.clone();
        c.numClasses = tinyNumClasses;
        c.outChans = outChans;
        applyPromptAndDecoder(c, c.tokenGrid());
        c.name = preset;
        return c;
    }

    private void applyPromptAndDecoder(SamConfig c, int grid) {
        c.promptEmbedDim = promptEmbedDim;
        c.imageEmbeddingSize = new int[] {grid, grid};
        c.inputImageSize = new int[] {imgSize, imgSize};
        c.maskInChans = maskInChans;
        c.numMultimaskOutputs = numMultimaskOutputs();
        c.transformerDepth = transformerDepth;
        c.transformerEmbeddingDim = promptEmbedDim;
        c.transformerMlpDim = transformerMlpDim;
        c.transformerNumHeads = transformerNumHeads;
        c.attentionDownsampleRate = attentionDownsampleRate;
        c.iouHeadDepth = iouHeadDepth;
        c.iouHeadHiddenDim = iouHeadHiddenDim;
    }

    /** One paragraph for logs and error messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(preset).append(" (").append(encoder == Encoder.TINY_VIT ? "TinyViT" : "ViT").append(" encoder");
        if (encoder == Encoder.VIT) {
            b.append(", embed_dim ").append(embedDim).append(", depth ").append(depth);
            b.append(", num_heads ").append(numHeads < 0 ? "?" : String.valueOf(numHeads));
        } else {
            b.append(", embed_dims ").append(Arrays.toString(tinyEmbedDims)).append(", depths ").append(Arrays.toString(tinyDepths));
        }
        b.append("), ").append(numMaskTokens).append(" mask tokens (num_multimask_outputs ").append(numMultimaskOutputs()).append(')');
        if (method != Method.NONE) {
            b.append(", finetune-SAM ").append(method);
            if (!encoderLoraBlocks.isEmpty() || decoderLora) {
                b.append(" [LoRA r=").append(loraRank).append(" on encoder ").append(encoderLoraBlocks)
                        .append(decoderLora ? " + mask decoder" : "").append(']');
            }
            if (!encoderAdapterBlocks.isEmpty() || !decoderAdapterLayers.isEmpty()) {
                b.append(" [adapters on encoder ").append(encoderAdapterBlocks).append(", decoder ")
                        .append(decoderAdapterLayers).append(']');
            }
        }
        if (!notInferred.isEmpty()) {
            b.append("; not determined by the checkpoint: ").append(String.join(", ", notInferred));
        }
        for (String n : notes) {
            b.append("; ").append(n);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
