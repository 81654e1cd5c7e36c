package org.samtune.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Which of finetune-SAM's parameter-efficient modules a model carries (cfg.py flags in brackets):
 * <ul>
 *   <li>LoRA on the qkv projection of chosen encoder blocks [if_encoder_lora_layer, encoder_lora_layer]
 *       and on q_proj/v_proj of every mask-decoder attention [if_decoder_lora_layer], rank r (LoRA_Sam r=4);
 *   <li>adapters in chosen encoder blocks [if_encoder_adapter, encoder_adapter_depths] and in the first
 *       {@code decoderAdapterDepth} two-way layers [if_mask_decoder_adapter, decoder_adapt_depth].
 * </ul>
 * Encoder block lists: {@code null} means every block (finetune-SAM's {@code encoder_lora_layer=[]});
 * indices beyond the encoder's depth are ignored, as in finetune-SAM (its default [0,1,10,11] on a
 * 4-block encoder means blocks 0 and 1). The {@link Method} is derived from the flags.
 *
 * <p>TinyViT (vit_t): as in finetune-SAM, the lists hold <b>attention-stage</b> indices: entry t selects
 * every block of {@code layers.(t+1)}, so the default [0,1,10,11] means layers.1 and layers.2 and "all"
 * means layers.1-3 (which finetune-SAM cannot build: its {@code encoder_lora_layer=[]} crashes on TinyViT).
 * How encoder LoRA meets TinyViT's head-interleaved qkv is {@link #tinyVitLoraLayout}.
 */
public final class PeftConfig {
    public enum Method { NONE, LORA, ADAPTER, LORA_AND_ADAPTER }

    /**
     * Where encoder LoRA adds its updates in a TinyViT attention, whose fused qkv output is per head
     * {@code [q|k|v]} (irrelevant for SAM's ViT, whose layout is {@code [q all heads|k|v]}).
     */
    public enum TinyVitLoraLayout {
        /**
         * finetune-SAM's code: the "q" update goes to the first D output channels and the "v" update to the
         * last D ({@link LoraQkv}, keys {@code linear_a_q} ...). On TinyViT these are whole heads' q, k and
         * v, not the queries and values. Needed to reproduce finetune-SAM checkpoints; the default, so that
         * new checkpoints also load in finetune-SAM.
         */
        FINETUNE_SAM,
        /** True q/v LoRA: every head's query and value channels ({@link HeadwiseLoraQkv}, keys {@code head_a_q} ...). */
        PER_HEAD_QV
    }

    /** finetune-SAM's default encoder block list (cfg.py encoder_lora_layer and encoder_adapter_depths). */
    public static final int[] DEFAULT_ENCODER_BLOCKS = {0, 1, 10, 11};

    // LoRA
    public boolean encoderLora;
    /** Encoder blocks with LoRA; null = all. */
    public int[] loraEncoderBlocks = DEFAULT_ENCODER_BLOCKS.clone();
    public boolean decoderLora;
    public int loraRank = 4;
    /** TinyViT only: which channels encoder LoRA updates (a checkpoint's keys say which it was trained with). */
    public TinyVitLoraLayout tinyVitLoraLayout = TinyVitLoraLayout.FINETUNE_SAM;

    // adapters
    public boolean encoderAdapter;
    /** Encoder blocks with adapters; null = all. */
    public int[] adapterEncoderBlocks = DEFAULT_ENCODER_BLOCKS.clone();
    public boolean decoderAdapter;
    /** Two-way layers {@code i < decoderAdapterDepth} get adapters (when {@link #decoderAdapter}). */
    public int decoderAdapterDepth = 2;
    public double adapterMlpRatio = 0.25;
    public double adapterScale = 0.5;

    /** Plain SAM (finetune-SAM's "vanilla"). */
    public static PeftConfig none() {
        return new PeftConfig();
    }

    /**
     * finetune-SAM's LoRA (rank r, no scaling) in the mask decoder and, when {@code encoderBlocks} is not
     * empty, in those encoder blocks (null = all blocks).
     */
    public static PeftConfig lora(int rank, int[] encoderBlocks, boolean decoder) {
        PeftConfig p = new PeftConfig();
        p.loraRank = rank;
        p.encoderLora = encoderBlocks == null || encoderBlocks.length > 0;
        p.loraEncoderBlocks = encoderBlocks == null ? null : encoderBlocks.clone();
        p.decoderLora = decoder;
        return p;
    }

    /** finetune-SAM's adapters in the given encoder blocks (null = all; empty = none) and, if asked, the decoder. */
    public static PeftConfig adapter(int[] encoderBlocks, boolean decoder) {
        PeftConfig p = new PeftConfig();
        p.encoderAdapter = encoderBlocks == null || encoderBlocks.length > 0;
        p.adapterEncoderBlocks = encoderBlocks == null ? null : encoderBlocks.clone();
        p.decoderAdapter = decoder;
        return p;
    }

    public Method method() {
        boolean lora = encoderLora || decoderLora;
        boolean adapter = encoderAdapter || (decoderAdapter && decoderAdapterDepth > 0);
        return lora && adapter ? Method.LORA_AND_ADAPTER : lora ? Method.LORA : adapter ? Method.ADAPTER : Method.NONE;
    }

    public boolean isEnabled() {
        return method() != Method.NONE;
    }

    public boolean hasLora() {
        return encoderLora || decoderLora;
    }

    public boolean hasAdapters() {
        return encoderAdapter || (decoderAdapter && decoderAdapterDepth > 0);
    }

    public AdapterSpec adapterSpec() {
        return new AdapterSpec(adapterMlpRatio, adapterScale);
    }

    /** Whether encoder block {@code i} has LoRA on its qkv projection. */
    public boolean encoderBlockHasLora(int i) {
        return encoderLora && contains(loraEncoderBlocks, i);
    }

    /** Whether encoder block {@code i} has MLP_/Space_/Depth_Adapter. */
    public boolean encoderBlockHasAdapter(int i) {
        return encoderAdapter && contains(adapterEncoderBlocks, i);
    }

    /** Whether two-way layer {@code i} of the mask decoder has MLP_Adapter and Adapter. */
    public boolean decoderLayerHasAdapter(int i) {
        return decoderAdapter && i < decoderAdapterDepth;
    }

    private static boolean contains(int[] blocks, int i) {
        if (blocks == null) {
            return true;
        }
        for (int b : blocks) {
            if (b == i) {
                return true;
            }
        }
        return false;
    }

    /** The qkv projection of each encoder block: LoRA-wrapped where configured, a plain linear elsewhere. */
    public ImageEncoderViT.QkvFactory qkvFactory() {
        return (i, dim, bias) -> encoderBlockHasLora(i) ? new LoraQkv(dim, bias, loraRank) : new ViTLinear(dim, 3 * dim, bias);
    }

    /** The LoRA-wrapped qkv projection of a TinyViT attention (width {@code dim}), in {@link #tinyVitLoraLayout}. */
    public LinearBlock tinyVitLoraQkv(int dim, int heads) {
        return tinyVitLoraLayout == TinyVitLoraLayout.PER_HEAD_QV
                ? new HeadwiseLoraQkv(dim, heads, loraRank) : new LoraQkv(dim, true, loraRank);
    }

    /** The decoder attention projections: q_proj and v_proj LoRA-wrapped when decoder LoRA is on. */
    public ProjectionFactory projectionFactory() {
        if (!decoderLora) {
            return ProjectionFactory.PLAIN;
        }
        return (role, in, out) -> role.equals("q_proj") || role.equals("v_proj")
                ? new LoraProjection(in, out, loraRank) : new ViTLinear(in, out, true);
    }

    /** Parses a block list: "all" (null), "none"/"" (empty), or comma-separated indices "0,1,10,11". */
    public static int[] parseBlocks(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return null;
        }
        if (t.isEmpty() || t.equals("none")) {
            return new int[0];
        }
        t = t.replace("[", "").replace("]", "");
        try {
            return Arrays.stream(t.split("[,\\s]+")).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Block list '" + s + "' is not 'all' or comma-separated block indices", e);
        }
    }

    /** The blocks of a {@code depth}-block encoder that a list selects (null = all), ascending. */
    public static int[] resolveBlocks(int[] blocks, int depth) {
        return IntStream.range(0, depth).filter(i -> contains(blocks, i)).toArray();
    }

    /** One line for logs, e.g. "LoRA r=4 (encoder blocks [0, 1], mask decoder)". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (hasLora()) {
            List<String> where = new ArrayList<>();
            if (encoderLora) {
                where.add("encoder blocks " + blocksText(loraEncoderBlocks));
            }
            if (decoderLora) {
                where.add("mask decoder");
            }
            parts.add("LoRA r=" + loraRank + (encoderLora && tinyVitLoraLayout == TinyVitLoraLayout.PER_HEAD_QV
                    ? " per-head q/v on TinyViT" : "") + " (" + String.join(", ", where) + ")");
        }
        if (hasAdapters()) {
            List<String> where = new ArrayList<>();
            if (encoderAdapter) {
                where.add("encoder blocks " + blocksText(adapterEncoderBlocks));
            }
            if (decoderAdapter && decoderAdapterDepth > 0) {
                where.add("mask decoder layers < " + decoderAdapterDepth);
            }
            parts.add("adapters ratio " + adapterMlpRatio + " scale " + adapterScale + " (" + String.join(", ", where) + ")");
        }
        return parts.isEmpty() ? "no PEFT modules" : String.join(" + ", parts);
    }

    private static String blocksText(int[] b) {
        return b == null ? "all" : Arrays.toString(b);
    }

    @Override
    public String toString() {
        return describe();
    }

    // ------------------------------------------------------------------------------------ JSON

    /** JSON form (block lists: array of indices, or the string "all"). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("method", method().name().toLowerCase(Locale.ROOT));
        o.addProperty("encoder_lora", encoderLora);
        o.add("lora_encoder_blocks", blocksJson(loraEncoderBlocks));
        o.addProperty("decoder_lora", decoderLora);
        o.addProperty("lora_rank", loraRank);
        o.addProperty("tinyvit_lora_layout", tinyVitLoraLayout.name().toLowerCase(Locale.ROOT));
        o.addProperty("encoder_adapter", encoderAdapter);
        o.add("adapter_encoder_blocks", blocksJson(adapterEncoderBlocks));
        o.addProperty("decoder_adapter", decoderAdapter);
        o.addProperty("decoder_adapter_depth", decoderAdapterDepth);
        o.addProperty("adapter_mlp_ratio", adapterMlpRatio);
        o.addProperty("adapter_scale", adapterScale);
        return o;
    }

    /** Reads {@link #toJson()}'s form; missing keys keep the defaults ("method" is informational). */
    public static PeftConfig fromJson(JsonObject o) {
        PeftConfig p = new PeftConfig();
        p.encoderLora = bool(o, "encoder_lora", p.encoderLora);
        p.loraEncoderBlocks = blocks(o, "lora_encoder_blocks", p.loraEncoderBlocks);
        p.decoderLora = bool(o, "decoder_lora", p.decoderLora);
        p.loraRank = o.has("lora_rank") ? o.get("lora_rank").getAsInt() : p.loraRank;
        if (o.has("tinyvit_lora_layout")) {
            p.tinyVitLoraLayout = TinyVitLoraLayout.valueOf(o.get("tinyvit_lora_layout").getAsString().toUpperCase(Locale.ROOT));
        }
        p.encoderAdapter = bool(o, "encoder_adapter", p.encoderAdapter);
        p.adapterEncoderBlocks = blocks(o, "adapter_encoder_blocks", p.adapterEncoderBlocks);
        p.decoderAdapter = bool(o, "decoder_adapter", p.decoderAdapter);
        p.decoderAdapterDepth = o.has("decoder_adapter_depth") ? o.get("decoder_adapter_depth").getAsInt() : p.decoderAdapterDepth;
        p.adapterMlpRatio = o.has("adapter_mlp_ratio") ? o.get("adapter_mlp_ratio").getAsDouble() : p.adapterMlpRatio;
        p.adapterScale = o.has("adapter_scale") ? o.get("adapter_scale").getAsDouble() : p.adapterScale;
        return p;
    }

    private static JsonElement blocksJson(int[] b) {
        if (b == null) {
            return new com.google.gson.JsonPrimitive("all");
        }
        JsonArray a = new JsonArray();
        for (int i : b) {
            a.add(i);
        }
        return a;
    }

    private static boolean bool(JsonObject o, String k, boolean d) {
        return o.has(k) ? o.get(k).getAsBoolean() : d;
    }

    private static int[] blocks(JsonObject o, String k, int[] d) {
        if (!o.has(k)) {
            return d;
        }
        JsonElement e = o.get(k);
        if (e.isJsonPrimitive()) {
            return parseBlocks(e.getAsString());
        }
        List<Integer> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(x.getAsInt()));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
