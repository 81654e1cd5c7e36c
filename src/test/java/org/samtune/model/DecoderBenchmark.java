package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.GradMode;

import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: times prompt encoder + mask decoder for one click (multimask, as SamPredictor runs it)
 * with random weights, the reference attention ({@link DecoderAttention.Path#STANDARD}) and the
 * inference path ({@link DecoderAttention.Path#AUTO}) interleaved, so machine load affects both alike.
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx1g -cp target/classes:target/test-classes:$(cat cp.txt) org.samtune.model.DecoderBenchmark [threads=2] [reps=50] [arch=vit_b]
 * </pre>
 */
public final class DecoderBenchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String arch = args.length > 2 ? args[2] : "vit_b";
        DjlRuntime.init(threads);
        SamConfig cfg = SamConfig.preset(arch);
        try (NDManager m = NDManager.newBaseManager()) {
            PromptEncoder pEnc = new PromptEncoder(cfg);
            MaskDecoder dec = new MaskDecoder(cfg);
            ModelWeights.initRandom(pEnc, m, 1);
            ModelWeights.initRandom(dec, m, 2);
            int c = cfg.transformerEmbeddingDim, e = cfg.imageEmbeddingSize[0];
            NDArray emb = m.randomNormal(new Shape(1, c, e, e));
            NDArray pe = pEnc.denseImagePe(m);
            DecoderAttention.Path[] paths = {DecoderAttention.Path.STANDARD, DecoderAttention.Path.AUTO};
            double[][] t = new double[2][reps];
            for (int r = -5; r < reps; r++) {
                for (int p = 0; p < 2; p++) {
                    dec.setAttentionPath(paths[p]);
                    long t0 = System.nanoTime();
                    GradMode.noGrad(() -> {
                        try (NDScope scope = new NDScope()) {
                            NDArray coords = m.create(new float[] {400, 300}, new Shape(1, 1, 2));
                            NDArray labels = m.create(new float[] {1}, new Shape(1, 1));
                            NDArray[] prompt = pEnc.encode(coords, labels, null, null);
                            NDArray[] out = dec.predict(emb, pe, prompt[0], prompt[1], true);
                            out[0].toFloatArray();
                            out[1].toFloatArray();
                            for (NDArray a : prompt) {
                                a.close();
                            }
                            for (NDArray a : out) {
                                a.close();
                            }
                            return null;
                        }
                    });
                    if (r >= 0) {
                        t[p][r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            for (int p = 0; p < 2; p++) {
                double[] s = t[p].clone();
                Arrays.sort(s);
                System.out.printf(Locale.ROOT, "%s %s: median %.1f ms, p10 %.1f, p90 %.1f (%d reps, %d threads)%n",
                        arch, paths[p], s[reps / 2], s[reps / 10], s[reps * 9 / 10], reps, threads);
            }
        }
    }
}
