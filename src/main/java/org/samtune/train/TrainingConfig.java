package org.samtune.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.samtune.checkpoint.AtomicFiles;
import org.samtune.model.PeftConfig;
import org.samtune.model.PeftTraining;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a fine-tuning run. JSON keys ({@link #toJson()}, written to {@code args.json}) are
 * finetune-SAM's cfg.py names where the setting exists there ({@code arch}, {@code finetune_type},
 * {@code if_update_encoder}, {@code num_cls}, {@code b}, {@code lr}, {@code if_warmup}, ...); settings
 * finetune-SAM lacks or hard-codes get descriptive snake_case names ({@code patience}, {@code seed},
 * {@code grad_clip}, {@code cache_embeddings}, ...). Booleans are real booleans and block lists real
 * int lists (finetune-SAM's {@code type=bool}/{@code type=list} parsing traps do not exist here).
 *
 * <p>Defaults are finetune-SAM's, except {@code finetune_type} (vanilla: plain SAM; finetune-SAM's
 * default is adapter) and the validation interval which finetune-SAM hard-codes to 2 epochs.
 */
public final class TrainingConfig {
    public enum PromptMode { NONE, BOX, POINT, HYBRID }

    // ----------------------------------------------------------------------------------- model
    /** vit_b, vit_l, vit_h, or "custom" with {@link #archConfig}. */
    public String arch = "vit_b";
    /** Architecture JSON (SamConfig format) for custom/tiny models; overrides {@link #arch}. */
    public String archConfig;
    /** Initial weights; null trains from scratch (random initialisation drawn from {@link #seed}). */
    public String samCkpt;
    /** vanilla, adapter or lora. */
    public String finetuneType = "vanilla";
    /** False: the image encoder is frozen and runs without gradients (finetune-SAM's default). */
    public boolean ifUpdateEncoder = false;
    public boolean ifEncoderAdapter = false;
    /** Encoder blocks with adapters; null = all. */
    public int[] encoderAdapterDepths = {0, 1, 10, 11};
    public boolean ifMaskDecoderAdapter = false;
    public int decoderAdaptDepth = 2;
    public boolean ifEncoderLoraLayer = false;
    /** Encoder blocks with LoRA; null = all (finetune-SAM's "[]"). */
    public int[] encoderLoraLayer = {0, 1, 10, 11};
    public boolean ifDecoderLoraLayer = false;
    /** LoRA rank (finetune-SAM's LoRA_Sam r=4). */
    public int rank = 4;

    // ------------------------------------------------------------------------------------ task
    /** none (automatic / semantic), box, point or hybrid. */
    public String prompt = "none";
    /** Output channels = classes including background (2 for binary). */
    public int numCls = 2;
    /** combine_all, multi_all or a comma list of label ids. */
    public String targets = "combine_all";

    // ------------------------------------------------------------------------------------ data
    public String imgFolder;
    public String maskFolder;
    public String trainImgList;
    public String valImgList;
    public String datasetName = "";
    /** Output folder (checkpoints, args.json, training_log.csv, training_curve.png). */
    public String dirCheckpoint;
    public int imageSize = 1024;
    public int outSize = 256;
    /** sam (ImageNet mean/std) or medsam (min-max). */
    public String normalizeType = "sam";
    /**
     * How intensities become 8-bit gray ({@link org.samtune.io.IntensityMapping} spec, e.g. ct:soft-tissue); recorded
     * with the model so that segment and evaluate use it by default.
     */
    public String intensity = "auto";
    /** Training augmentation (photometric, plus spatial when {@link #ifSpatial}); off = resize + normalise only. */
    public boolean augment = true;
    public boolean ifSpatial = true;
    /**
     * How masks are brought to out_size: torchvision_bilinear (finetune-SAM with its pinned torchvision),
     * torchvision_bilinear_antialias, or nearest (never invents class ids; better for multi-class).
     */
    public String lowResTarget = "torchvision_bilinear";

    // -------------------------------------------------------------------------------- schedule
    public int epochs = 200;
    /** Batch size (train and validation). */
    public int b = 4;
    public double lr = 1e-3;
    public boolean ifWarmup = false;
    public int warmupPeriod = 200;
    public double weightDecay = 0.1;
    public double beta1 = 0.9;
    public double beta2 = 0.999;
    public double eps = 1e-8;
    /** Clip gradients to this global L2 norm; 0 = off (finetune-SAM does not clip). */
    public double gradClip = 0;
    /** Validate when epoch % valFreq == 0 (finetune-SAM: hard-coded 2). */
    public int valFreq = 2;
    /** Stop when a validation epoch is more than this many epochs after the best one. */
    public int patience = 20;
    /** Seeds data order, augmentation, prompts and any random initialisation. */
    public long seed = 0;

    // ------------------------------------------------------------------------------ CPU speed-up
    /** With a frozen encoder, compute each image's embedding once and train the decoder on the cache. */
    public boolean cacheEmbeddings = true;
    /** Augmented views cached per training image (epoch e uses view e mod K); 1 when augmentation is off. */
    public int cacheViews = 1;

    // ---------------------------------------------------------------------------------- derived

    /** What the optimizer may update (finetune-SAM's if_update_encoder). */
    public PeftTraining.Components components() {
        return ifUpdateEncoder ? PeftTraining.Components.ENCODER_AND_DECODER : PeftTraining.Components.DECODER;
    }

    /**
     * The LoRA/adapter modules finetune_type and the if_* flags ask for: vanilla none; lora LoRA of rank
     * {@code rank} on {@code encoder_lora_layer} (when if_encoder_lora_layer) and in the mask decoder (when
     * if_decoder_lora_layer); adapter on {@code encoder_adapter_depths} (when if_encoder_adapter) and in
     * the first {@code decoder_adapt_depth} decoder layers (when if_mask_decoder_adapter).
     */
    public PeftConfig peftConfig() {
        switch (finetuneType.toLowerCase(Locale.ROOT)) {
            case "lora":
                return PeftConfig.lora(rank, ifEncoderLoraLayer ? encoderLoraLayer : new int[0], ifDecoderLoraLayer);
            case "adapter": {
                PeftConfig p = PeftConfig.adapter(ifEncoderAdapter ? encoderAdapterDepths : new int[0], ifMaskDecoderAdapter);
                p.decoderAdapterDepth = decoderAdaptDepth;
                return p;
            }
            default:
                return PeftConfig.none();
        }
    }

    public PromptMode promptMode() {
        return PromptMode.valueOf(prompt.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether the image encoder takes no part in training (its embeddings can be cached). */
    public boolean encoderFrozen() {
        return !ifUpdateEncoder;
    }

    /** finetune-SAM's schedule for a run of {@code itersPerEpoch} iterations per epoch. */
    public LearningRateSchedule schedule(int itersPerEpoch) {
        return new LearningRateSchedule(lr, ifWarmup ? warmupPeriod : 0, (long) epochs * itersPerEpoch);
    }

    public LowResTarget.Mode lowResMode() {
        return LowResTarget.Mode.valueOf(lowResTarget.trim().toUpperCase(Locale.ROOT));
    }

    public TargetSpec targetSpec() {
        return TargetSpec.parse(targets);
    }

    /**
     * Checks every value and their combinations; throws IllegalArgumentException naming the setting.
     */
    public TrainingConfig validate() {
        String ft = finetuneType == null ? "" : finetuneType.toLowerCase(Locale.ROOT);
        require(ft.equals("vanilla") || ft.equals("adapter") || ft.equals("lora"),
                "finetune_type must be vanilla, adapter or lora, got " + finetuneType);
        try {
            promptMode();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("prompt must be none, box, point or hybrid, got " + prompt);
        }
        require(numCls >= 2, "num_cls must be >= 2 (classes including background), got " + numCls);
        require(promptMode() == PromptMode.NONE || numCls == 2,
                "prompt modes train one foreground class: num_cls must be 2, got " + numCls);
        targetSpec();
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(b >= 1, "b (batch size) must be >= 1, got " + b);
        require(lr > 0 && Double.isFinite(lr), "lr must be > 0, got " + lr);
        require(!ifWarmup || warmupPeriod >= 1, "warmup_period must be >= 1 with if_warmup, got " + warmupPeriod);
        require(weightDecay >= 0, "weight_decay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
        require(eps > 0, "eps must be > 0");
        require(gradClip >= 0, "grad_clip must be >= 0 (0 = off), got " + gradClip);
        require(valFreq >= 1, "val_freq must be >= 1, got " + valFreq);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(imageSize >= 16 && outSize >= 1, "image_size / out_size too small");
        require(rank >= 1, "rank must be >= 1, got " + rank);
        require(!ft.equals("lora") || ifEncoderLoraLayer || ifDecoderLoraLayer,
                "finetune_type lora needs if_encoder_lora_layer and/or if_decoder_lora_layer");
        require(!ft.equals("adapter") || ifEncoderAdapter || (ifMaskDecoderAdapter && decoderAdaptDepth > 0),
                "finetune_type adapter needs if_encoder_adapter and/or if_mask_decoder_adapter");
        require(cacheViews >= 1, "cache_views must be >= 1, got " + cacheViews);
        require(normalizeType.equals("sam") || normalizeType.equals("medsam"),
                "normalize_type must be sam or medsam, got " + normalizeType);
        try {
            lowResMode();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("low_res_target must be torchvision_bilinear, "
                    + "torchvision_bilinear_antialias or nearest, got " + lowResTarget);
        }
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    // ------------------------------------------------------------------------------------ JSON

    /** args.json content: every setting under finetune-SAM's name where it has one. */
    public JsonObject toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", arch);
        m.put("arch_config", archConfig);
        m.put("sam_ckpt", samCkpt);
        m.put("finetune_type", finetuneType);
        m.put("if_update_encoder", ifUpdateEncoder);
        m.put("if_encoder_adapter", ifEncoderAdapter);
        m.put("encoder_adapter_depths", encoderAdapterDepths);
        m.put("if_mask_decoder_adapter", ifMaskDecoderAdapter);
        m.put("decoder_adapt_depth", decoderAdaptDepth);
        m.put("if_encoder_lora_layer", ifEncoderLoraLayer);
        m.put("encoder_lora_layer", encoderLoraLayer);
        m.put("if_decoder_lora_layer", ifDecoderLoraLayer);
        m.put("rank", rank);
        m.put("prompt", prompt);
        m.put("num_cls", numCls);
        m.put("targets", targets);
        m.put("img_folder", imgFolder);
        m.put("mask_folder", maskFolder);
        m.put("train_img_list", trainImgList);
        m.put("val_img_list", valImgList);
        m.put("dataset_name", datasetName);
        m.put("dir_checkpoint", dirCheckpoint);
        m.put("image_size", imageSize);
        m.put("out_size", outSize);
        m.put("normalize_type", normalizeType);
        m.put("intensity", intensity);
        m.put("augment", augment);
        m.put("if_spatial", ifSpatial);
        m.put("low_res_target", lowResTarget);
        m.put("epochs", epochs);
        m.put("b", b);
        m.put("lr", lr);
        m.put("if_warmup", ifWarmup);
        m.put("warmup_period", warmupPeriod);
        m.put("weight_decay", weightDecay);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("grad_clip", gradClip);
        m.put("val_freq", valFreq);
        m.put("patience", patience);
        m.put("seed", seed);
        m.put("cache_embeddings", cacheEmbeddings);
        m.put("cache_views", cacheViews);
        JsonObject o = new JsonObject();
        Gson g = new Gson();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            o.add(e.getKey(), e.getValue() == null ? JsonNull.INSTANCE : g.toJsonTree(e.getValue()));
        }
        return o;
    }

    /** Reads {@link #toJson()}'s form; missing keys keep the defaults, unknown keys are ignored. */
    public static TrainingConfig fromJson(JsonObject o) {
        TrainingConfig c = new TrainingConfig();
        c.arch = str(o, "arch", c.arch);
        c.archConfig = str(o, "arch_config", c.archConfig);
        c.samCkpt = str(o, "sam_ckpt", c.samCkpt);
        c.finetuneType = str(o, "finetune_type", c.finetuneType);
        c.ifUpdateEncoder = bool(o, "if_update_encoder", c.ifUpdateEncoder);
        c.ifEncoderAdapter = bool(o, "if_encoder_adapter", c.ifEncoderAdapter);
        c.encoderAdapterDepths = ints(o, "encoder_adapter_depths", c.encoderAdapterDepths);
        c.ifMaskDecoderAdapter = bool(o, "if_mask_decoder_adapter", c.ifMaskDecoderAdapter);
        c.decoderAdaptDepth = integer(o, "decoder_adapt_depth", c.decoderAdaptDepth);
        c.ifEncoderLoraLayer = bool(o, "if_encoder_lora_layer", c.ifEncoderLoraLayer);
        c.encoderLoraLayer = ints(o, "encoder_lora_layer", c.encoderLoraLayer);
        c.ifDecoderLoraLayer = bool(o, "if_decoder_lora_layer", c.ifDecoderLoraLayer);
        c.rank = integer(o, "rank", c.rank);
        c.prompt = str(o, "prompt", c.prompt);
        c.numCls = integer(o, "num_cls", c.numCls);
        c.targets = str(o, "targets", c.targets);
        c.imgFolder = str(o, "img_folder", c.imgFolder);
        c.maskFolder = str(o, "mask_folder", c.maskFolder);
        c.trainImgList = str(o, "train_img_list", c.trainImgList);
        c.valImgList = str(o, "val_img_list", c.valImgList);
        c.datasetName = str(o, "dataset_name", c.datasetName);
        c.dirCheckpoint = str(o, "dir_checkpoint", c.dirCheckpoint);
        c.imageSize = integer(o, "image_size", c.imageSize);
        c.outSize = integer(o, "out_size", c.outSize);
        c.normalizeType = str(o, "normalize_type", c.normalizeType);
        c.intensity = str(o, "intensity", c.intensity);
        c.augment = bool(o, "augment", c.augment);
        c.ifSpatial = bool(o, "if_spatial", c.ifSpatial);
        c.lowResTarget = str(o, "low_res_target", c.lowResTarget);
        c.epochs = integer(o, "epochs", c.epochs);
        c.b = integer(o, "b", c.b);
        c.lr = dbl(o, "lr", c.lr);
        c.ifWarmup = bool(o, "if_warmup", c.ifWarmup);
        c.warmupPeriod = integer(o, "warmup_period", c.warmupPeriod);
        c.weightDecay = dbl(o, "weight_decay", c.weightDecay);
        c.beta1 = dbl(o, "beta1", c.beta1);
        c.beta2 = dbl(o, "beta2", c.beta2);
        c.eps = dbl(o, "eps", c.eps);
        c.gradClip = dbl(o, "grad_clip", c.gradClip);
        c.valFreq = integer(o, "val_freq", c.valFreq);
        c.patience = integer(o, "patience", c.patience);
        c.seed = o.has("seed") && !o.get("seed").isJsonNull() ? o.get("seed").getAsLong() : c.seed;
        c.cacheEmbeddings = bool(o, "cache_embeddings", c.cacheEmbeddings);
        c.cacheViews = integer(o, "cache_views", c.cacheViews);
        return c;
    }

    /** A deep copy (through JSON). */
    public TrainingConfig copy() {
        return fromJson(toJson());
    }

    /** Writes args.json atomically (pretty-printed, like finetune-SAM's json.dump(indent=4)). */
    public void write(Path file) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJson()) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    public static TrainingConfig read(Path file) throws IOException {
        try {
            return fromJson(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new IOException("Training settings " + file + " are not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The JSON as plain Java values (for storing the settings inside a .pth file). */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : toJson().entrySet()) {
            out.put(e.getKey(), plain(e.getValue()));
        }
        return out;
    }

    private static Object plain(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> l.add(plain(x)));
            return l;
        }
        if (e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        if (e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 && !e.getAsString().contains(".") && !e.getAsString().contains("e")
                    && !e.getAsString().contains("E") ? (Object) e.getAsLong() : (Object) d;
        }
        return e.getAsString();
    }

    /** Inverse of {@link #toMap()} (values as read back from a .pth pickle). */
    public static TrainingConfig fromMap(Map<?, ?> map) {
        return fromJson(new GsonBuilder().serializeNulls().create().toJsonTree(map).getAsJsonObject());
    }

    private static String str(JsonObject o, String k, String d) {
        JsonElement e = o.get(k);
        return e == null ? d : e.isJsonNull() ? null : e.getAsString();
    }

    private static boolean bool(JsonObject o, String k, boolean d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsBoolean();
    }

    private static int integer(JsonObject o, String k, int d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsInt();
    }

    private static double dbl(JsonObject o, String k, double d) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? d : e.getAsDouble();
    }

    private static int[] ints(JsonObject o, String k, int[] d) {
        JsonElement e = o.get(k);
        if (e == null) {
            return d;
        }
        if (e.isJsonNull()) {
            return null; // all blocks
        }
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
