package org.samtune.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A SAM architecture. The JSON key names (those of the fixtures' {@code config.json}) are the
 * project's architecture format: unknown keys are ignored, missing keys take SAM's defaults (vit_b
 * with a 256-d prompt/decoder width). Presets {@link #vitB()}, {@link #vitL()}, {@link #vitH()} carry
 * the exact hyperparameters of segment-anything's model registry, {@link #vitT()} MobileSAM's.
 *
 * <p>The image encoder is SAM's ViT ({@code "encoder": "vit"}) or MobileSAM's TinyViT
 * ({@code "encoder": "tiny_vit"}; a JSON file with a list-valued {@code embed_dims} also means TinyViT).
 * TinyViT uses the per-stage lists {@link #embedDims}, {@link #depths}, {@link #stageNumHeads} (JSON
 * {@code num_heads} as a list), {@link #windowSizes}, plus {@link #mlpRatio}, {@link #outChans} (JSON
 * {@code neck_out_chans}) and {@link #layerNorm2dEps} for its neck; the ViT-only fields are then unused.
 */
public final class SamConfig {
    /** JSON {@code "encoder"} values. */
    public static final String ENCODER_VIT = "vit";
    public static final String ENCODER_TINY_VIT = "tiny_vit";

    /** "vit" (segment-anything ImageEncoderViT) or "tiny_vit" (MobileSAM / finetune-SAM TinyViT). */
    public String encoder = ENCODER_VIT;

    // image encoder (ViT)
    public int imgSize = 1024;
    public int patchSize = 16;
    public int inChans = 3;
    public int embedDim = 768;
    public int depth = 12;
    public int numHeads = 12;
    public double mlpRatio = 4.0;
    public boolean qkvBias = true;
    public boolean useAbsPos = true;
    public boolean useRelPos = true;
    public int windowSize = 14;
    public int[] globalAttnIndexes = {2, 5, 8, 11};
    public int outChans = 256;
    public double encoderLayerNormEps = 1e-6;
    /** finetune-SAM's encoder block applies norm1 after window padding (see README "compatibility switch"). */
    public boolean finetuneSamBlockOrder = false;

    // image encoder (TinyViT; MobileSAM vit_t values)
    public int[] embedDims = {64, 128, 160, 320};
    public int[] depths = {2, 2, 6, 2};
    /** Heads per stage (the first, convolutional stage's entry is unused). JSON: {@code num_heads} as a list. */
    public int[] stageNumHeads = {2, 4, 5, 10};
    /** Attention window per stage (the first stage's entry is unused). */
    public int[] windowSizes = {7, 7, 14, 7};
    public double mbconvExpandRatio = 4.0;
    public int localConvSize = 3;
    /**
     * Stride of each stage's PatchMerging (one per stage but the last). Null: TinyViT's rule, stride 1
     * when the merge's output width is 320, 448 or 576 (the last merge of every released TinyViT), else 2.
     */
    public int[] patchMergingStrides = null;
    /** Classes of TinyViT's ImageNet head (norm_head/head): kept so checkpoints load strictly; SAM never calls it. 0: no head. */
    public int numClasses = 1000;
    public double batchNormEps = 1e-5;
    public double tinyVitLayerNormEps = 1e-5;

    // prompt encoder
    public int promptEmbedDim = 256;
    public int[] imageEmbeddingSize = {64, 64};
    public int[] inputImageSize = {1024, 1024};
    public int maskInChans = 16;

    // mask decoder
    public int numMultimaskOutputs = 3;
    public int transformerDepth = 2;
    public int transformerEmbeddingDim = 256;
    public int transformerMlpDim = 2048;
    public int transformerNumHeads = 8;
    public int attentionDownsampleRate = 2;
    public int iouHeadDepth = 3;
    public int iouHeadHiddenDim = 256;
    public double transformerLayerNormEps = 1e-5;
    public double layerNorm2dEps = 1e-6;

    // preprocessing
    public float[] pixelMean = {123.675f, 116.28f, 103.53f};
    public float[] pixelStd = {58.395f, 57.12f, 57.375f};
    public float maskThreshold = 0f;

    /** Preset name, or "custom". */
    public String name = "vit_b";

    public static SamConfig vitB() {
        return vit("vit_b", 768, 12, 12, new int[] {2, 5, 8, 11});
    }

    public static SamConfig vitL() {
        return vit("vit_l", 1024, 24, 16, new int[] {5, 11, 17, 23});
    }

    public static SamConfig vitH() {
        return vit("vit_h", 1280, 32, 16, new int[] {7, 15, 23, 31});
    }

    private static SamConfig vit(String name, int dim, int depth, int heads, int[] global) {
        SamConfig c = new SamConfig();
        c.name = name;
        c.embedDim = dim;
        c.depth = depth;
        c.numHeads = heads;
        c.globalAttnIndexes = global;
        return c;
    }

    /**
     * MobileSAM (build_sam_vit_t): TinyViT with embed_dims [64,128,160,320], depths [2,2,6,2], heads
     * [2,4,5,10], windows [7,7,14,7], MLP ratio 4, MBConv expansion 4, 3x3 local convs, merge strides
     * [2,2,1], a 1000-class head (unused), neck and prompt/decoder width 256.
     */
    public static SamConfig vitT() {
        SamConfig c = new SamConfig();
        c.name = "vit_t";
        c.encoder = ENCODER_TINY_VIT;
        c.embedDims = new int[] {64, 128, 160, 320};
        c.depths = new int[] {2, 2, 6, 2};
        c.stageNumHeads = new int[] {2, 4, 5, 10};
        c.windowSizes = new int[] {7, 7, 14, 7};
        c.mlpRatio = 4.0;
        c.mbconvExpandRatio = 4.0;
        c.localConvSize = 3;
        c.patchMergingStrides = new int[] {2, 2, 1};
        c.numClasses = 1000;
        c.outChans = 256;
        c.imageEmbeddingSize = new int[] {c.tokenGrid(), c.tokenGrid()};
        return c;
    }

    /** A preset by registry name: vit_b, vit_l, vit_h, vit_t (and "default" = vit_h, as in segment-anything). */
    public static SamConfig preset(String arch) {
        switch (arch.toLowerCase(Locale.ROOT)) {
            case "vit_b": return vitB();
            case "vit_l": return vitL();
            case "vit_h": case "default": return vitH();
            case "vit_t": return vitT();
            default:
                throw new IllegalArgumentException("Unknown architecture '" + arch + "': use vit_b, vit_l, vit_h, vit_t or --config arch.json");
        }
    }

    public boolean isTinyViT() {
        return ENCODER_TINY_VIT.equals(encoder);
    }

    /** Side of the encoder's output grid (64 for every 1024-pixel SAM). */
    public int tokenGrid() {
        if (isTinyViT()) {
            int[] r = tinyVitStageResolutions();
            return r[r.length - 1]; // the last stage has no PatchMerging
        }
        return imgSize / patchSize;
    }

    /** TinyViT: how many stride-2 convolutions the patch embedding has (finetune-SAM: img_size // 256 // 2). */
    public int tinyVitPatchEmbedConvs() {
        return imgSize / 256 / 2;
    }

    /**
     * TinyViT: the token grid side at the input of each stage (MobileSAM: 256, 128, 64, 64). The patch
     * embedding's convolutions and every PatchMerging's 3x3 (padding 1) convolution set it.
     */
    public int[] tinyVitStageResolutions() {
        int[] r = new int[depths.length];
        int convs = tinyVitPatchEmbedConvs();
        int side = convs == 0 ? imgSize - 2 : imgSize; // conv_num 0: one 3x3 conv, stride 1, no padding
        for (int i = 0; i < Math.min(convs, 2); i++) {
            side = (side - 1) / 2 + 1; // 3x3, stride 2, padding 1
        }
        for (int i = 0; i < r.length; i++) {
            r[i] = side;
            if (i < r.length - 1) {
                side = (side - 1) / patchMergingStride(i) + 1;
            }
        }
        return r;
    }

    /** TinyViT: the stride of stage {@code i}'s PatchMerging (see {@link #patchMergingStrides}). */
    public int patchMergingStride(int i) {
        if (patchMergingStrides != null) {
            return patchMergingStrides[i];
        }
        int out = embedDims[Math.min(i + 1, embedDims.length - 1)];
        return out == 320 || out == 448 || out == 576 ? 1 : 2;
    }

    public int numMaskTokens() {
        return numMultimaskOutputs + 1;
    }

    public static SamConfig fromJson(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            SamConfig c = fromJson(JsonParser.parseString(text).getAsJsonObject());
            c.name = "custom";
            return c;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read architecture file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Architecture file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    public static SamConfig fromJson(JsonObject o) {
        SamConfig c = new SamConfig();
        if (o.has("encoder")) {
            c.encoder = o.get("encoder").getAsString().toLowerCase(Locale.ROOT);
            if (!c.encoder.equals(ENCODER_VIT) && !c.encoder.equals(ENCODER_TINY_VIT)) {
                throw new IllegalArgumentException("encoder must be \"vit\" or \"tiny_vit\", got \"" + c.encoder + "\"");
            }
        } else if (o.has("embed_dims") && o.get("embed_dims").isJsonArray()) {
            c.encoder = ENCODER_TINY_VIT;
        }
        if (c.isTinyViT()) {
            c.embedDims = getInts(o, "embed_dims", c.embedDims);
            c.depths = getInts(o, "depths", c.depths);
            c.stageNumHeads = getInts(o, "num_heads", c.stageNumHeads);
            c.windowSizes = getInts(o, "window_sizes", c.windowSizes);
            c.mbconvExpandRatio = getDouble(o, "mbconv_expand_ratio", c.mbconvExpandRatio);
            c.localConvSize = getInt(o, "local_conv_size", c.localConvSize);
            c.patchMergingStrides = o.has("patch_merging_strides") && !o.get("patch_merging_strides").isJsonNull()
                    ? getInts(o, "patch_merging_strides", null) : null;
            c.numClasses = getInt(o, "num_classes", c.numClasses);
            c.batchNormEps = getDouble(o, "batchnorm_eps", c.batchNormEps);
            c.tinyVitLayerNormEps = getDouble(o, "tinyvit_layernorm_eps", c.tinyVitLayerNormEps);
            c.outChans = getInt(o, "neck_out_chans", getInt(o, "out_chans", c.outChans));
            c.layerNorm2dEps = getDouble(o, "neck_layernorm2d_eps", c.layerNorm2dEps);
            int n = c.embedDims.length;
            if (c.depths.length != n || c.stageNumHeads.length != n || c.windowSizes.length != n
                    || (c.patchMergingStrides != null && c.patchMergingStrides.length != n - 1)) {
                throw new IllegalArgumentException("TinyViT lists must have one entry per stage (" + n
                        + "; patch_merging_strides one fewer)");
            }
        }
        c.imgSize = getInt(o, "img_size", c.imgSize);
        c.patchSize = getInt(o, "patch_size", c.patchSize);
        c.inChans = getInt(o, "in_chans", c.inChans);
        c.embedDim = getInt(o, "embed_dim", c.embedDim);
        c.depth = getInt(o, "depth", c.depth);
        if (!c.isTinyViT()) {
            c.numHeads = getInt(o, "num_heads", c.numHeads);
        }
        c.mlpRatio = getDouble(o, "mlp_ratio", c.mlpRatio);
        c.qkvBias = getBool(o, "qkv_bias", c.qkvBias);
        c.useAbsPos = getBool(o, "use_abs_pos", c.useAbsPos);
        c.useRelPos = getBool(o, "use_rel_pos", c.useRelPos);
        c.windowSize = getInt(o, "window_size", c.windowSize);
        c.globalAttnIndexes = getInts(o, "global_attn_indexes", c.globalAttnIndexes);
        if (!c.isTinyViT()) {
            c.outChans = getInt(o, "out_chans", c.outChans);
        }
        c.encoderLayerNormEps = getDouble(o, "encoder_layernorm_eps", c.encoderLayerNormEps);
        c.finetuneSamBlockOrder = getBool(o, "finetune_sam_block_order", c.finetuneSamBlockOrder);
        c.promptEmbedDim = getInt(o, "prompt_embed_dim", c.promptEmbedDim);
        c.imageEmbeddingSize = getInts(o, "image_embedding_size", c.imageEmbeddingSize);
        c.inputImageSize = getInts(o, "input_image_size", c.inputImageSize);
        c.maskInChans = getInt(o, "mask_in_chans", c.maskInChans);
        c.numMultimaskOutputs = getInt(o, "num_multimask_outputs", c.numMultimaskOutputs);
        c.transformerDepth = getInt(o, "transformer_depth", c.transformerDepth);
        c.transformerEmbeddingDim = getInt(o, "transformer_embedding_dim", c.transformerEmbeddingDim);
        c.transformerMlpDim = getInt(o, "transformer_mlp_dim", c.transformerMlpDim);
        c.transformerNumHeads = getInt(o, "transformer_num_heads", c.transformerNumHeads);
        c.attentionDownsampleRate = getInt(o, "attention_downsample_rate", c.attentionDownsampleRate);
        c.iouHeadDepth = getInt(o, "iou_head_depth", c.iouHeadDepth);
        c.iouHeadHiddenDim = getInt(o, "iou_head_hidden_dim", c.iouHeadHiddenDim);
        c.transformerLayerNormEps = getDouble(o, "transformer_layernorm_eps", c.transformerLayerNormEps);
        c.layerNorm2dEps = getDouble(o, "layernorm2d_eps", c.layerNorm2dEps);
        c.pixelMean = getFloats(o, "pixel_mean", c.pixelMean);
        c.pixelStd = getFloats(o, "pixel_std", c.pixelStd);
        c.maskThreshold = (float) getDouble(o, "mask_threshold", c.maskThreshold);
        // When the embedding size is not given it follows from the encoder.
        if (!o.has("image_embedding_size")) {
            c.imageEmbeddingSize = new int[] {c.tokenGrid(), c.tokenGrid()};
        }
        if (!o.has("input_image_size")) {
            c.inputImageSize = new int[] {c.imgSize, c.imgSize};
        }
        return c;
    }

    /** The architecture in the project's JSON format (round-trips through {@link #fromJson(JsonObject)}). */
    public JsonObject toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (isTinyViT()) {
            m.put("encoder", encoder);
            m.put("img_size", imgSize);
            m.put("in_chans", inChans);
            m.put("embed_dims", embedDims);
            m.put("depths", depths);
            m.put("num_heads", stageNumHeads);
            m.put("window_sizes", windowSizes);
            m.put("mlp_ratio", mlpRatio);
            m.put("mbconv_expand_ratio", mbconvExpandRatio);
            m.put("local_conv_size", localConvSize);
            int[] strides = new int[embedDims.length - 1];
            for (int i = 0; i < strides.length; i++) {
                strides[i] = patchMergingStride(i);
            }
            m.put("patch_merging_strides", strides);
            m.put("num_classes", numClasses);
            m.put("batchnorm_eps", batchNormEps);
            m.put("tinyvit_layernorm_eps", tinyVitLayerNormEps);
            m.put("neck_out_chans", outChans);
            putDecoderAndPreprocessing(m);
            return new com.google.gson.Gson().toJsonTree(m).getAsJsonObject();
        }
        m.put("img_size", imgSize);
        m.put("patch_size", patchSize);
        m.put("in_chans", inChans);
        m.put("embed_dim", embedDim);
        m.put("depth", depth);
        m.put("num_heads", numHeads);
        m.put("mlp_ratio", mlpRatio);
        m.put("qkv_bias", qkvBias);
        m.put("use_abs_pos", useAbsPos);
        m.put("use_rel_pos", useRelPos);
        m.put("window_size", windowSize);
        m.put("global_attn_indexes", globalAttnIndexes);
        m.put("out_chans", outChans);
        m.put("encoder_layernorm_eps", encoderLayerNormEps);
        m.put("finetune_sam_block_order", finetuneSamBlockOrder);
        putDecoderAndPreprocessing(m);
        return new com.google.gson.Gson().toJsonTree(m).getAsJsonObject();
    }

    private void putDecoderAndPreprocessing(Map<String, Object> m) {
        m.put("prompt_embed_dim", promptEmbedDim);
        m.put("image_embedding_size", imageEmbeddingSize);
        m.put("input_image_size", inputImageSize);
        m.put("mask_in_chans", maskInChans);
        m.put("num_multimask_outputs", numMultimaskOutputs);
        m.put("transformer_depth", transformerDepth);
        m.put("transformer_embedding_dim", transformerEmbeddingDim);
        m.put("transformer_mlp_dim", transformerMlpDim);
        m.put("transformer_num_heads", transformerNumHeads);
        m.put("attention_downsample_rate", attentionDownsampleRate);
        m.put("iou_head_depth", iouHeadDepth);
        m.put("iou_head_hidden_dim", iouHeadHiddenDim);
        m.put("transformer_layernorm_eps", transformerLayerNormEps);
        m.put("layernorm2d_eps", layerNorm2dEps);
        m.put("pixel_mean", pixelMean);
        m.put("pixel_std", pixelStd);
        m.put("mask_threshold", maskThreshold);
    }

    private static int getInt(JsonObject o, String k, int d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsInt();
    }

    private static double getDouble(JsonObject o, String k, double d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsDouble();
    }

    private static boolean getBool(JsonObject o, String k, boolean d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsBoolean();
    }

    private static int[] getInts(JsonObject o, String k, int[] d) {
        JsonElement e = o.get(k);
        if (e == null || e.isJsonNull()) {
            return d.clone();
        }
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static float[] getFloats(JsonObject o, String k, float[] d) {
        JsonElement e = o.get(k);
        if (e == null || e.isJsonNull()) {
            return d.clone();
        }
        JsonArray a = e.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
