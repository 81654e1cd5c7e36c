package org.samtune.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.NativeMemory;
import org.samtune.model.ModelWeights;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Inference figures on random weights: the machine's matmul rate (the yardstick), the 1024² encoder
 * forward against its FLOP bound, prompt-to-mask latency on a cached embedding (postprocessing to a
 * 1333×1000 original included, as the Python baseline), peak RSS, and RSS growth over many queries
 * and image changes. Prints; asserts nothing.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {}

    public static final class Settings {
        public String arch = "vit_b";
        public int threads = 2;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int runs = 3;
        public int queries = 500;
        public int images = 20;
    }

    /** Queries run before the latency is measured, after the first 20 (see run). */
    static final int WARM_UP_QUERIES = 200;

    public static void run(Settings s, Consumer<String> out) {
        DjlRuntime.init(s.threads);
        Device device = DjlRuntime.device(s.device);
        out.accept(String.format(Locale.ROOT, "samtune bench: arch %s, device %s, %d intra-op threads, %d cores", s.arch,
                DjlRuntime.name(device), s.threads, Runtime.getRuntime().availableProcessors()));
        double rate = MatmulRate.measure(device);
        out.accept(String.format(Locale.ROOT, "matmul (4096x768 @ 768x3072, fp32): %.1f GFLOP/s", rate / 1e9));

        SamConfig cfg = SamConfig.preset(s.arch);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Sam model = new Sam(cfg);
            ModelWeights.initRandom(model, manager, 1);
            out.accept(String.format(Locale.ROOT, "model built (random weights): RSS %.0f MiB", ProcessMemory.rssMiB()));

            double[] times = new double[s.runs];
            NDArray input = manager.randomNormal(new Shape(1, 3, cfg.imgSize, cfg.imgSize));
            encode(model, input); // warm-up
            for (int i = 0; i < s.runs; i++) {
                long t0 = System.nanoTime();
                encode(model, input);
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
            input.close();
            double encoder = median(times);
            double flops = EncoderFlops.encoderFlops(cfg);
            double bound = flops / rate;
            out.accept(String.format(Locale.ROOT, "encoder forward %dx%d: median %.2f s of %s s; %.1f GFLOP -> bound %.2f s at the "
                    + "measured matmul rate; ratio %.2f", cfg.imgSize, cfg.imgSize, encoder, fmt(times), flops / 1e9, bound, encoder / bound));

            Random rnd = new Random(7);
            try (SamPredictor predictor = new SamPredictor(model, manager, InputPreprocessing.SAM)) {
                predictor.setImage(randomImage(rnd, 1000, 1333));
                // The first queries of a fresh JVM run partly interpreted (DJL's wrappers, the Java mask
                // upscaling); a Fiji session reaches the compiled steady state after a few hundred.
                double[] cold = new double[20];
                for (int i = 0; i < cold.length; i++) {
                    long t0 = System.nanoTime();
                    query(predictor, rnd);
                    cold[i] = (System.nanoTime() - t0) / 1e6;
                }
                for (int i = 0; i < WARM_UP_QUERIES; i++) {
                    query(predictor, rnd);
                }
                out.accept(String.format(Locale.ROOT, "first %d prompts of this JVM (JIT warming up): median %.1f ms; then %d more "
                        + "before measuring", cold.length, median(cold), WARM_UP_QUERIES));
                double[] lat = new double[Math.max(1, s.queries)];
                for (int i = 0; i < lat.length; i++) {
                    long t0 = System.nanoTime();
                    query(predictor, rnd);
                    lat[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(lat);
                out.accept(String.format(Locale.ROOT, "prompt -> best mask at 1333x1000 (1 point, multimask): median %.1f ms, "
                        + "p90 %.1f ms over %d queries", lat[lat.length / 2], lat[(int) (lat.length * 0.9)], lat.length));
                double[] decode = new double[50];
                double[] upscale = new double[50];
                for (int i = 0; i < decode.length; i++) {
                    long t0 = System.nanoTime();
                    Prediction p = predictor.predict(List.of(new Prompt().addPoint(rnd.nextInt(1000), rnd.nextInt(1333), 1)), true);
                    long t1 = System.nanoTime();
                    p.mask(0, p.bestMask(0));
                    decode[i] = (t1 - t0) / 1e6;
                    upscale[i] = (System.nanoTime() - t1) / 1e6;
                }
                out.accept(String.format(Locale.ROOT, "  of which prompt encoder + mask decoder %.1f ms, upscaling the best mask %.1f ms (medians)",
                        median(decode), median(upscale)));

                // steady state first: fill the embedding cache and let the heap reach its working size
                for (int i = 0; i < 6; i++) {
                    predictor.setImage(randomImage(rnd, 1000, 1333));
                    for (int q = 0; q < 20; q++) {
                        query(predictor, rnd);
                    }
                }
                // live memory only: the JVM's garbage and malloc's cached free blocks are released before each reading
                System.gc();
                NativeMemory.trim();
                double before = ProcessMemory.rssMiB();
                int perImage = Math.max(1, s.queries / Math.max(1, s.images));
                for (int i = 0; i < s.images; i++) {
                    predictor.setImage(randomImage(rnd, 1000, 1333));
                    for (int q = 0; q < perImage; q++) {
                        query(predictor, rnd);
                    }
                }
                System.gc();
                NativeMemory.trim();
                double after = ProcessMemory.rssMiB();
                out.accept(String.format(Locale.ROOT, "RSS growth (after GC and malloc_trim) over %d set-image calls + %d queries: %+.1f MiB (%.0f -> %.0f MiB; "
                        + "Java heap committed %.0f MiB, max %.0f MiB)", s.images, perImage * s.images, after - before, before, after,
                        Runtime.getRuntime().totalMemory() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0));
            }
        }
        out.accept(String.format(Locale.ROOT, "peak RSS: %.0f MiB", ProcessMemory.peakRssMiB()));
    }

    private static void encode(Sam model, NDArray input) {
        try (NDScope scope = new NDScope()) {
            model.imageEncoder().forward(input).toFloatArray(); // force completion
        }
    }

    /** One interactive click: decode, then the best of the three masks at the original size. */
    private static void query(SamPredictor predictor, Random rnd) {
        Prediction p = predictor.predict(List.of(new Prompt().addPoint(rnd.nextInt(1000), rnd.nextInt(1333), 1)), true);
        p.mask(0, p.bestMask(0));
    }

    private static RgbImage randomImage(Random rnd, int w, int h) {
        byte[] px = new byte[w * h * 3];
        rnd.nextBytes(px);
        return new RgbImage(w, h, px);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", d));
        }
        return sb.toString();
    }
}
