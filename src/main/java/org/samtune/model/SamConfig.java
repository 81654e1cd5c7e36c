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
 * the exact hyperparameters of segment-anything's model registry.
 */
public final class SamConfig {
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

    /** A preset by registry name: vit_b, vit_l, vit_h (and "default" = vit_h, as in segment-anything). */
    public static SamConfig preset(String arch) {
        switch (arch.toLowerCase(Locale.ROOT)) {
            case "vit_b": return vitB();
            case "vit_l": return vitL();
            case "vit_h": case "default": return vitH();
            default:
                throw new IllegalArgumentException("Unknown architecture '" + arch + "': use vit_b, vit_l, vit_h or --config arch.json");
        }
    }

    public int tokenGrid() {
        return imgSize / patchSize;
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
        c.imgSize = getInt(o, "img_size", c.imgSize);
        c.patchSize = getInt(o, "patch_size", c.patchSize);
        c.inChans = getInt(o, "in_chans", c.inChans);
        c.embedDim = getInt(o, "embed_dim", c.embedDim);
        c.depth = getInt(o, "depth", c.depth);
        c.numHeads = getInt(o, "num_heads", c.numHeads);
        c.mlpRatio = getDouble(o, "mlp_ratio", c.mlpRatio);
        c.qkvBias = getBool(o, "qkv_bias", c.qkvBias);
        c.useAbsPos = getBool(o, "use_abs_pos", c.useAbsPos);
        c.useRelPos = getBool(o, "use_rel_pos", c.useRelPos);
        c.windowSize = getInt(o, "window_size", c.windowSize);
        c.globalAttnIndexes = getInts(o, "global_attn_indexes", c.globalAttnIndexes);
        c.outChans = getInt(o, "out_chans", c.outChans);
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
        return new com.google.gson.Gson().toJsonTree(m).getAsJsonObject();
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
