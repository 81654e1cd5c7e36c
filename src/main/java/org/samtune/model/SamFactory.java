package org.samtune.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.CheckpointException;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds {@link Sam} models from checkpoints: the architecture and finetune-SAM's LoRA/adapter modules
 * are read off the file's keys and shapes ({@link ArchitectureInference}), so a finetune-SAM
 * {@code checkpoint_best.pth} loads as is; and plain SAM weights can be given fresh PEFT modules for
 * fine-tuning ({@link #fromBaseCheckpoint}).
 */
public final class SamFactory {
    /** A model built for a checkpoint, with what was found in it. */
    public static final class Loaded {
        public final Sam sam;
        public final PeftConfig peft;
        /** What the checkpoint's keys say (null when the model was described by the caller only). */
        public final ArchitectureInfo info;

        Loaded(Sam sam, PeftConfig peft, ArchitectureInfo info) {
            this.sam = sam;
            this.peft = peft;
            this.info = info;
        }

        /** One paragraph for logs: architecture, PEFT modules, block order. */
        public String describe() {
            SamConfig c = sam.config();
            return (info != null ? info.describe() : c.name) + "; PEFT: " + peft.describe()
                    + "; encoder block order: " + (c.finetuneSamBlockOrder ? "finetune-SAM (norm after window padding)" : "SAM");
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private SamFactory() {}

    /**
     * The model a checkpoint holds, built (not loaded): architecture from {@code override} when given,
     * else inferred; PEFT modules always from the file's keys. A file with LoRA/adapter keys gets
     * finetune-SAM's encoder block order (see {@link Sam#Sam(SamConfig, PeftConfig)}).
     */
    public static Loaded build(StateDict sd, SamConfig override) {
        sd = Checkpoints.stripDataParallelPrefix(sd);
        ArchitectureInfo info = ArchitectureInference.infer(sd);
        SamConfig cfg = override != null ? override : info.toSamConfig();
        PeftConfig peft = peftOf(info, sd);
        return new Loaded(new Sam(cfg, peft), peft, info);
    }

    /**
     * Builds the checkpoint's model ({@link #build}) and loads every tensor strictly: each key of the
     * file must be a tensor of the model and the reverse, with equal shapes; the error lists every
     * difference. Arrays are created in {@code manager}.
     */
    public static Loaded fromCheckpoint(StateDict sd, SamConfig override, NDManager manager) {
        sd = Checkpoints.stripDataParallelPrefix(sd);
        Loaded l = build(sd, override);
        ModelWeights.load(l.sam, sd, manager);
        return l;
    }

    /** finetune-SAM's PEFT setting that produced a checkpoint with these keys. */
    public static PeftConfig peftOf(ArchitectureInfo info, StateDict sd) {
        PeftConfig p = new PeftConfig();
        boolean tiny = info.encoder == ArchitectureInfo.Encoder.TINY_VIT;
        p.encoderLora = !info.encoderLoraBlocks.isEmpty();
        p.loraEncoderBlocks = tiny ? tinyVitStages(info, info.encoderLoraBlocks, "LoRA") : vitBlocks(info.encoderLoraBlocks, "LoRA");
        p.tinyVitLoraLayout = info.encoderLoraPerHead ? PeftConfig.TinyVitLoraLayout.PER_HEAD_QV : PeftConfig.TinyVitLoraLayout.FINETUNE_SAM;
        p.decoderLora = info.decoderLora;
        if (info.loraRank > 0) {
            p.loraRank = info.loraRank;
        }
        p.encoderAdapter = !info.encoderAdapterBlocks.isEmpty();
        p.adapterEncoderBlocks = tiny ? tinyVitStages(info, info.encoderAdapterBlocks, "adapter")
                : vitBlocks(info.encoderAdapterBlocks, "adapter");
        p.decoderAdapter = !info.decoderAdapterLayers.isEmpty();
        p.decoderAdapterDepth = info.decoderAdapterLayers.size();
        for (int i = 0; i < info.decoderAdapterLayers.size(); i++) {
            if (!info.decoderAdapterLayers.get(i).equals("layers." + i)) {
                // finetune-SAM puts adapters on layers i < decoder_adapt_depth, never on a later layer alone
                throw new CheckpointException("mask decoder adapters on " + info.decoderAdapterLayers
                        + ": finetune-SAM only adapts the first layers (layers.0 .. layers.N-1)");
            }
        }
        // bottleneck width = int(dim * ratio): read back from the encoder's (or else the decoder's) adapter
        if (info.adapterHiddenDim > 0 && tiny && p.adapterEncoderBlocks.length > 0) {
            p.adapterMlpRatio = (double) info.adapterHiddenDim / info.tinyEmbedDims[p.adapterEncoderBlocks[0] + 1];
        } else if (info.adapterHiddenDim > 0 && info.embedDim > 0) {
            p.adapterMlpRatio = (double) info.adapterHiddenDim / info.embedDim;
        } else if (p.decoderAdapter && sd != null) {
            HostTensor fc1 = sd.get("mask_decoder.transformer.layers.0.Adapter.D_fc1.weight");
            if (fc1 != null) {
                p.adapterMlpRatio = (double) fc1.shape()[0] / fc1.shape()[1];
            }
        }
        return p;
    }

    /**
     * TinyViT module paths ("layers.S.blocks.J") as finetune-SAM's stage indices S - 1; like finetune-SAM,
     * a stage has the modules in all of its blocks or in none.
     */
    private static int[] tinyVitStages(ArchitectureInfo info, List<String> paths, String what) {
        java.util.TreeMap<Integer, Set<Integer>> byStage = new java.util.TreeMap<>();
        for (String s : paths) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("layers\\.(\\d+)\\.blocks\\.(\\d+)").matcher(s);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
                throw new CheckpointException("encoder " + what + " on " + s + ": TinyViT has them only in the attention stages' blocks");
            }
            byStage.computeIfAbsent(Integer.parseInt(m.group(1)), x -> new LinkedHashSet<>()).add(Integer.parseInt(m.group(2)));
        }
        int[] out = new int[byStage.size()];
        int i = 0;
        for (Map.Entry<Integer, Set<Integer>> e : byStage.entrySet()) {
            int stage = e.getKey();
            if (stage >= info.tinyDepths.length || e.getValue().size() != info.tinyDepths[stage]) {
                throw new CheckpointException("encoder " + what + " on " + e.getValue().size() + " of the blocks of layers." + stage
                        + ": finetune-SAM puts them on every block of a stage");
            }
            out[i++] = stage - 1;
        }
        return out;
    }

    private static int[] vitBlocks(List<String> paths, String what) {
        int[] out = new int[paths.size()];
        for (int i = 0; i < out.length; i++) {
            String s = paths.get(i);
            if (!s.matches("blocks\\.\\d+")) {
                throw new CheckpointException("encoder " + what + " on " + s + ": only ViT encoders (blocks.N) are supported");
            }
            out[i] = Integer.parseInt(s.substring("blocks.".length()));
        }
        return out;
    }

    /**
     * A model with {@code peft}'s modules on top of existing weights, as finetune-SAM builds it before
     * training: every base tensor comes from {@code sd} (plain SAM names, e.g. {@code attn.qkv.weight},
     * or already-wrapped finetune-SAM names), and PEFT tensors the file lacks are freshly initialised
     * like finetune-SAM: LoRA A kaiming-uniform(a=√5) = U(±1/√fan_in), LoRA B zeros, adapters
     * PyTorch's Linear default (weight and bias U(±1/√fan_in)); drawn from {@code seed}. Strict
     * otherwise: base tensors the file lacks, or file tensors the model does not use, fail the load.
     */
    public static Sam fromBaseCheckpoint(StateDict sd, SamConfig cfg, PeftConfig peft, NDManager manager, long seed) {
        sd = Checkpoints.stripDataParallelPrefix(sd);
        Sam sam = new Sam(cfg, peft);
        Map<String, Shape> shapes = sam.namedShapes();
        Map<String, HostTensor> mapped = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        Random rnd = new Random(seed);
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            String key = e.getKey();
            String base = PeftKeys.baseKey(key);
            if (sd.contains(key)) {
                mapped.put(key, sd.get(key));
                used.add(key);
            } else if (base != null && sd.contains(base)) {
                mapped.put(key, sd.get(base));
                used.add(base);
            } else if (PeftKeys.isPeftOnly(key)) {
                mapped.put(key, initialPeftTensor(key, e.getValue().getShape(), shapes, rnd));
            }
            // else: missing, reported by the strict load below
        }
        List<String> unused = new ArrayList<>();
        for (String k : sd.tensors().keySet()) {
            if (!used.contains(k)) {
                unused.add(k);
            }
        }
        if (!unused.isEmpty()) {
            throw new CheckpointException("Checkpoint " + sd.sourceName() + " has " + unused.size()
                    + " tensors the model (" + peft.describe() + ") does not use, e.g. "
                    + unused.subList(0, Math.min(5, unused.size())));
        }
        ModelWeights.load(sam, new StateDict(mapped, sd.source()), manager);
        return sam;
    }

    /** finetune-SAM's initial value of a fresh LoRA/adapter tensor (see {@link #fromBaseCheckpoint}). */
    static HostTensor initialPeftTensor(String key, long[] shape, Map<String, Shape> shapes, Random rnd) {
        int n = Math.toIntExact(new Shape(shape).size());
        float[] v = new float[n];
        if (PeftKeys.isLoraB(key)) {
            return HostTensor.ofFloats(shape, v); // zeros: the model starts equal to the base model
        }
        long fanIn;
        if (shape.length == 2) {
            fanIn = shape[1]; // Linear weight (out, in)
        } else if (key.endsWith(".bias")) {
            // torch Linear: bias ~ U(±1/√fan_in) of its own weight
            Shape w = shapes.get(key.substring(0, key.length() - "bias".length()) + "weight");
            if (w == null) {
                throw new IllegalStateException("no weight for bias " + key);
            }
            fanIn = w.get(1);
        } else {
            throw new IllegalStateException("unexpected PEFT tensor " + key + " " + new Shape(shape));
        }
        // kaiming_uniform_(a=√5): bound = gain·√(3/fan_in), gain = √(2/(1+a²)) = √(1/3) -> 1/√fan_in
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return HostTensor.ofFloats(shape, v);
    }
}
