package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.samtune.engine.DjlRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Not a test: times a vit_b encoder forward on a 1×3×1024×1024 input with random weights (inference,
 * no gradients) and compares it with the pure-GEMM bound (the encoder's matmul FLOPs at the GEMM rate
 * this machine reaches on a 4096×768·768×3072 linear layer).
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx1g -cp target/classes:target/test-classes:$(cat cp.txt) org.samtune.model.EncoderBenchmark [threads=2] [reps=3] [arch=vit_b] [chunkMiB]
 * </pre>
 * Options: {@code -Dcputime} times the calling thread's CPU time instead of wall time (use with 1
 * thread on a busy machine); {@code -Dblocks=4,16,64} times one windowed and one global block at each
 * attention-chunk size (MiB) instead of the whole encoder.
 */
public final class EncoderBenchmark {
    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String arch = args.length > 2 ? args[2] : "vit_b";
        if (args.length > 3) {
            ViTAttention.setChunkBytes((long) (Double.parseDouble(args[3]) * (1 << 20)));
        }
        DjlRuntime.init(threads);
        SamConfig cfg = SamConfig.preset(arch);
        try (NDManager m = NDManager.newBaseManager()) {
            double gemm = gemmRate(m);
            System.out.printf("GEMM rate (4096x768 @ 768x3072 linear, %d threads): %.1f GFLOP/s%n", threads, gemm / 1e9);

            ImageEncoderViT enc = new ImageEncoderViT(cfg);
            ModelWeights.initRandom(enc, m, 1);
            float[] img = new float[3 * cfg.imgSize * cfg.imgSize];
            Random r = new Random(7);
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) r.nextGaussian();
            }
            NDArray x = m.create(img, new Shape(1, 3, cfg.imgSize, cfg.imgSize));
            if (System.getProperty("perblock") != null) {
                for (int i = 0; i < reps; i++) {
                    perBlock(enc, x);
                }
                return;
            }
            if (System.getProperty("blocks") != null) {
                blockProfile(enc, x, cfg, gemm, reps);
                return;
            }
            double flops = flops(cfg);
            System.out.printf("%s encoder: %.1f GFLOP of matmul; GEMM bound %.2f s; attention chunk %d MiB%n", arch,
                    flops / 1e9, flops / gemm, ViTAttention.chunkBytes() >> 20);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                long t0 = now();
                try (NDArray y = enc.forward(x)) {
                    y.getFloat(0, 0, 0, 0); // forces completion
                }
                double s = (now() - t0) / 1e9;
                times.add(s);
                System.out.printf("  run %d: %.2f s%n", i + 1, s);
            }
            Collections.sort(times);
            double med = times.get(times.size() / 2);
            System.out.printf("median %.2f s = %.2fx the GEMM bound; peak RSS %s%n", med, med / (flops / gemm), vmHwm());
        }
    }

    /**
     * Per-block timings (min and median of reps) of one windowed and one global block at several
     * attention-chunk sizes: under a busy machine the minimum is the best estimate of quiet speed.
     */
    private static void blockProfile(ImageEncoderViT enc, NDArray x, SamConfig cfg, double gemm, int reps) {
        NDArray t;
        try (NDArray p = enc.forwardWithIntermediates(x).get("after_pos_embed")) {
            t = p.duplicate();
        }
        ViTBlock windowed = null, global = null;
        for (ViTBlock b : enc.blocks()) {
            if (b.windowSize() > 0 && windowed == null) windowed = b;
            if (b.windowSize() == 0 && global == null) global = b;
        }
        String[] chunks = System.getProperty("blocks").split(",");
        for (String ch : chunks) {
            ViTAttention.setChunkBytes((long) (Double.parseDouble(ch) * (1 << 20)));
            for (ViTBlock b : new ViTBlock[] {windowed, global}) {
                List<Double> ts = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    long t0 = now();
                    try (NDArray y = b.forward(t)) {
                        y.getFloat(0, 0, 0, 0);
                    }
                    ts.add((now() - t0) / 1e9);
                }
                Collections.sort(ts);
                double bound = blockFlops(cfg, b.windowSize() == 0) / gemm;
                System.out.printf("chunk %s MiB %s block: min %.3f s median %.3f s (GEMM bound %.3f s, min = %.2fx)%n", ch,
                        b.windowSize() > 0 ? "windowed" : "global", ts.get(0), ts.get(ts.size() / 2), bound, ts.get(0) / bound);
            }
            System.out.printf("  GEMM rate now %.1f GFLOP/s%n", gemmRate(x.getManager()) / 1e9);
        }
    }

    /** Patch embedding and every block as in {@link ImageEncoderViT#forward}, printing each stage's time (-Dperblock). */
    private static void perBlock(ImageEncoderViT enc, NDArray x) {
        StringBuilder b = new StringBuilder();
        long start = now();
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            long t0 = now();
            PatchEmbed pe = (PatchEmbed) enc.namedChildren().get("patch_embed");
            NDArray t = pe.forward(x); // (position embedding left out: it does not change the cost)
            t.getFloat(0, 0, 0, 0);
            b.append(String.format("patch %.2f", (now() - t0) / 1e9));
            for (ViTBlock blk : enc.blocks()) {
                long t1 = now();
                NDArray next = blk.forward(t);
                next.getFloat(0, 0, 0, 0);
                b.append(String.format(" | %s %.2f", blk.windowSize() > 0 ? "w" : "G", (now() - t1) / 1e9));
                t.close();
                t = next;
            }
        }
        System.out.printf("%s | total %.2f s%n", b, (now() - start) / 1e9);
    }

    /**
     * Wall time, or with -Dcputime (meaningful with 1 thread only) the calling thread's CPU time, which
     * a busy machine disturbs much less.
     */
    private static long now() {
        return CPU_TIME ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final boolean CPU_TIME = System.getProperty("cputime") != null;

    /** Best of 5 timings of one big linear layer, as FLOP/s. */
    private static double gemmRate(NDManager m) {
        NDArray a = m.randomNormal(new Shape(4096, 768));
        NDArray w = m.randomNormal(new Shape(3072, 768));
        NDArray b = m.zeros(new Shape(3072));
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long t0 = now();
            try (NDArray y = SamOps.linear(a, w, b)) {
                y.getFloat(0, 0);
            }
            best = Math.min(best, (now() - t0) / 1e9);
        }
        return 2.0 * 4096 * 768 * 3072 / best;
    }

    /** Multiply-add FLOPs (×2) of every matrix product of the encoder, padding included. */
    static double flops(SamConfig cfg) {
        double c = cfg.embedDim, g = cfg.tokenGrid(), n = g * g;
        double hidden = (int) (cfg.embedDim * cfg.mlpRatio);
        double total = 2 * n * c * cfg.inChans * cfg.patchSize * cfg.patchSize;
        for (int i = 0; i < cfg.depth; i++) {
            boolean global = false;
            for (int k : cfg.globalAttnIndexes) {
                global |= k == i;
            }
            total += blockFlops(cfg, global);
        }
        total += 2 * n * c * cfg.outChans + 2 * n * cfg.outChans * cfg.outChans * 9; // neck
        return total;
    }

    static double blockFlops(SamConfig cfg, boolean global) {
        double c = cfg.embedDim, g = cfg.tokenGrid(), n = g * g;
        double hidden = (int) (cfg.embedDim * cfg.mlpRatio);
        double side = global ? g : WindowPartition.padded((long) g, cfg.windowSize);
        double tokens = side * side; // tokens through qkv/attention/proj (padded for windows)
        double keys = global ? n : (double) cfg.windowSize * cfg.windowSize;
        double edge = global ? g : cfg.windowSize;
        double total = 2 * tokens * c * 3 * c; // qkv
        total += 2 * 2 * tokens * keys * c; // q·kᵀ and attn·v
        total += 2 * 2 * tokens * edge * c; // decomposed relative positions
        total += 2 * tokens * c * c; // proj
        total += 2 * 2 * n * c * hidden; // MLP
        return total;
    }

    private static String vmHwm() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
