package org.samtune.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.samtune.engine.DjlRuntime;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.train.FineTuneModel;
import org.samtune.train.Trainer;
import org.samtune.train.TrainingConfig;
import org.samtune.train.TrainingInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Training figures on random weights at the model's full input size, batch 1, finetune-SAM's
 * no-prompt step (forward, Dice+CE, backward, AdamW): seconds per step for decoder-only and for LoRA
 * on encoder+decoder against a FLOP bound, and a decoder-only epoch with cached embeddings against
 * the same epoch recomputing them. Prints; asserts nothing.
 *
 * <p>FLOP bound of a step: frozen-encoder forward F_enc, + 3·F_dec for the decoder's forward and
 * backward; a LoRA encoder adds its backward pass: activation gradients only (the frozen weights need
 * none), which cost one forward for every linear (F_enc) and two for the attention products (F_attn
 * more: q·kᵀ and attn·v have activations on both sides). Divided by the measured matmul rate.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    public static final class Settings {
        public String arch = "vit_b";
        public int threads = 2;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int steps = 3;
        public int epochImages = 3;
    }

    public static void run(Settings s, Consumer<String> out) {
        DjlRuntime.init(s.threads);
        Device device = DjlRuntime.device(s.device);
        double rate = MatmulRate.measure(device);
        out.accept(String.format(Locale.ROOT, "samtune bench --train: arch %s, device %s, batch 1, %d threads; matmul %.1f GFLOP/s",
                s.arch, DjlRuntime.name(device), s.threads, rate / 1e9));
        SamConfig arch = SamConfig.preset(s.arch);
        double encoder = EncoderFlops.encoderFlops(arch);
        double decoder = EncoderFlops.decoderFlops(arch);

        TrainingConfig decoderOnly = config(s.arch, "vanilla", false);
        double[] dec = steps(decoderOnly, s.steps, false, device, out);
        double decBound = (encoder + 3 * decoder) / rate;
        out.accept(String.format(Locale.ROOT, "decoder-only step (vanilla): median %.2f s; bound %.2f s; ratio %.2f",
                InferenceBenchmark.median(dec), decBound, InferenceBenchmark.median(dec) / decBound));

        TrainingConfig lora = config(s.arch, "lora", true);
        double[] enc = steps(lora, Math.max(1, s.steps - 1), false, device, out);
        double loraBound = (2 * encoder + EncoderFlops.attentionProductFlops(arch) + 3 * decoder) / rate;
        out.accept(String.format(Locale.ROOT, "LoRA encoder+decoder step (blocks 0,1,10,11): median %.2f s; bound %.2f s; ratio %.2f",
                InferenceBenchmark.median(enc), loraBound, InferenceBenchmark.median(enc) / loraBound));

        double recompute = sum(steps(decoderOnly, s.epochImages, false, device, out));
        double cached = sum(steps(decoderOnly, s.epochImages, true, device, out));
        out.accept(String.format(Locale.ROOT, "decoder-only epoch of %d images: %.2f s recomputing embeddings, %.2f s on cached "
                + "embeddings (%.0fx faster)", s.epochImages, recompute, cached, recompute / cached));
        out.accept(String.format(Locale.ROOT, "peak RSS: %.0f MiB", ProcessMemory.peakRssMiB()));
    }

    private static TrainingConfig config(String arch, String method, boolean encoder) {
        TrainingConfig c = new TrainingConfig();
        c.arch = arch;
        c.samCkpt = null;
        c.numCls = 2;
        c.finetuneType = method;
        c.ifUpdateEncoder = encoder;
        c.ifEncoderLoraLayer = method.equals("lora") && encoder;
        c.ifDecoderLoraLayer = method.equals("lora");
        c.imageSize = SamConfig.preset(arch).imgSize;
        return c.validate();
    }

    /** Timed steps after one warm-up step; with {@code cached}, embeddings are computed before timing. */
    private static double[] steps(TrainingConfig cfg, int n, boolean cached, Device device, Consumer<String> out) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Sam sam = FineTuneModel.build(cfg, manager);
            int size = cfg.imageSize;
            int low = 4 * sam.config().imageEmbeddingSize[0];
            try (Trainer trainer = new Trainer(sam, manager, cfg)) {
                NDArray images = manager.randomNormal(new Shape(1, 3, size, size));
                NDArray labels = manager.randomInteger(0, 2, new Shape(1, 1, low, low), DataType.INT64);
                List<NDArray> embeddings = new ArrayList<>();
                if (cached) {
                    for (int i = 0; i <= n; i++) {
                        embeddings.add(trainer.encodeNoGrad(images));
                    }
                }
                double[] t = new double[n];
                for (int i = -1; i < n; i++) {
                    TrainingInput batch = cached ? new TrainingInput(null, embeddings.get(i + 1), labels, null, null, null)
                            : new TrainingInput(images, null, labels, null, null, null);
                    long t0 = System.nanoTime();
                    try (NDScope scope = new NDScope()) {
                        trainer.step(batch, 0, i + 1, 1e-4);
                    }
                    if (i >= 0) {
                        t[i] = (System.nanoTime() - t0) / 1e9;
                    }
                }
                return t;
            }
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }
}
