package org.samtune.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;
import org.samtune.model.ModelWeights;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.model.SamFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds the model a fine-tuning run starts from, as finetune-SAM does before training:
 * <ul>
 *   <li>the architecture of {@code arch} (vit_b/vit_l/vit_h), of {@code arch_config} (a SamConfig JSON),
 *       or, with {@code arch = auto}, inferred from the checkpoint; its encoder uses finetune-SAM's block
 *       order (norm1 after window padding), since that is the code that trains and later runs it;</li>
 *   <li>a mask decoder with {@code num_cls + 1} mask tokens. When the checkpoint's output heads have
 *       another size (SAM has 4 tokens, so any num_cls but 3), its mask tokens, hypernetwork MLPs and
 *       IoU head are dropped and initialised afresh with PyTorch's defaults (finetune-SAM's
 *       {@code load_from}): nn.Embedding ~ N(0, 1), Linear weight and bias ~ U(±1/√fan_in);</li>
 *   <li>the LoRA/adapter modules of {@link TrainingConfig#peftConfig()}, freshly initialised where the
 *       checkpoint has none ({@link SamFactory#fromBaseCheckpoint});</li>
 *   <li>without {@code sam_ckpt}, random weights drawn from {@code seed} (training from scratch).</li>
 * </ul>
 */
public final class FineTuneModel {
    private FineTuneModel() {}

    /** The model for {@code cfg}, weights in {@code manager}. */
    public static Sam build(TrainingConfig cfg, NDManager manager) {
        StateDict sd = cfg.samCkpt == null ? null : Checkpoints.read(Path.of(cfg.samCkpt));
        SamConfig sc = architecture(cfg, sd);
        return build(cfg, sc, sd, manager);
    }

    /** The architecture of a run (num_multimask_outputs = num_cls, finetune-SAM block order). */
    public static SamConfig architecture(TrainingConfig cfg, StateDict sd) {
        SamConfig sc;
        if (cfg.archConfig != null) {
            sc = SamConfig.fromJson(Path.of(cfg.archConfig));
        } else if (cfg.arch.equalsIgnoreCase("auto")) {
            if (sd == null) {
                throw new IllegalArgumentException("arch auto needs sam_ckpt (the architecture is read from the checkpoint)");
            }
            sc = ArchitectureInference.infer(sd).toSamConfig();
        } else {
            sc = SamConfig.preset(cfg.arch.toLowerCase(Locale.ROOT));
        }
        sc.numMultimaskOutputs = cfg.numCls;
        sc.finetuneSamBlockOrder = true;
        return sc;
    }

    /**
     * The model of architecture {@code sc} from {@code sd} (null: random), with the run's PEFT modules and
     * re-initialised output heads where their size differs.
     */
    public static Sam build(TrainingConfig cfg, SamConfig sc, StateDict sd, NDManager manager) {
        Sam plain = new Sam(sc);
        Map<String, Shape> shapes = plain.namedShapes();
        Random rnd = new Random(cfg.seed);
        LinkedHashMap<String, HostTensor> base = new LinkedHashMap<>();
        if (sd == null) {
            try (NDManager tmp = manager.newSubManager()) {
                ModelWeights.initRandom(plain, tmp, cfg.seed);
                base.putAll(ModelWeights.export(plain).tensors());
            }
        } else {
            boolean headsDiffer = false;
            for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
                Shape s = shapes.get(e.getKey());
                if (isHead(e.getKey()) && (s == null || !s.equals(e.getValue().djlShape()))) {
                    headsDiffer = true;
                }
            }
            for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
                if (!(headsDiffer && isHead(e.getKey()))) {
                    base.put(e.getKey(), e.getValue());
                }
            }
            if (headsDiffer) {
                for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                    if (isHead(e.getKey())) {
                        base.put(e.getKey(), freshHead(e.getKey(), e.getValue(), shapes, rnd));
                    }
                }
            }
        }
        return SamFactory.fromBaseCheckpoint(new StateDict(base, sd == null ? null : sd.source()), sc, cfg.peftConfig(),
                manager, cfg.seed);
    }

    /** finetune-SAM's load_from drops these when the checkpoint's number of mask tokens differs. */
    static boolean isHead(String key) {
        return key.startsWith("mask_decoder.mask_tokens") || key.startsWith("mask_decoder.output_hypernetworks_mlps")
                || key.startsWith("mask_decoder.iou_prediction_head");
    }

    private static HostTensor freshHead(String key, Shape shape, Map<String, Shape> shapes, Random rnd) {
        int n = Math.toIntExact(shape.size());
        float[] v = new float[n];
        if (key.startsWith("mask_decoder.mask_tokens")) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
        } else {
            // nn.Linear: kaiming_uniform_(a=√5) gives U(±1/√fan_in) for the weight; the bias uses the same bound
            String weightKey = key.endsWith(".bias") ? key.substring(0, key.length() - 4) + "weight" : key;
            double bound = 1.0 / Math.sqrt(shapes.get(weightKey).get(1));
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
        }
        return HostTensor.ofFloats(shape.getShape(), v);
    }
}
