package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.samtune.Fixtures;
import org.samtune.checkpoint.PthReader;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.model.SamOps;

import java.io.IOException;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Gradients must not depend on when the garbage collector runs.
 *
 * <p>DJL's {@code x.mul(2f)} wraps the number in a tensor over a Java direct buffer and closes it at
 * once; autograd keeps that tensor for the backward pass, and a collection between forward and backward
 * frees the buffer under it. On a CI machine this turned a tiny training run's loss into NaN after five
 * steps, while every run here was fine: it depends on when collections happen and on what reuses the
 * freed memory. So this class provokes both: a collection between forward and backward, and (in its own
 * surefire execution, see the pom) glibc with its per-thread cache off and freed memory overwritten
 * ({@code GLIBC_TUNABLES}), so that freed memory reads back as garbage every time, not by chance.
 *
 * <p>The first test shows that the set-up does catch a freed scalar; the others train every kind of
 * model part (prompts, both encoders, LoRA, adapters) and require the gradients with a collection in the
 * middle to equal, bit for bit, those without.
 */
class GradientsUnderGarbageCollectionTest {

    /**
     * Full collections until one has provably processed unreachable objects' references (a probe's
     * phantom reference is enqueued), then a pause for the reference handler, which frees unreachable
     * direct buffers, to finish.
     */
    static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> probe = new PhantomReference<>(new Object(), queue);
        try {
            for (int i = 0; i < 20 && queue.poll() == null; i++) {
                System.gc();
                Thread.sleep(50);
            }
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.clear();
    }

    /** d/dx of sum(x · 3) with the scalar product made by {@code product}, a collection before backward. */
    private static float[] gradientOfTimesThree(java.util.function.UnaryOperator<NDArray> product) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(8));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = product.apply(x).sum();
                collectGarbage();
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void theSetUpCatchesAScalarFreedBeforeBackward() {
        assertNotNull(System.getenv("GLIBC_TUNABLES"),
                "run in the pom's memory-safety execution (it sets GLIBC_TUNABLES), or freed memory may read back unchanged");
        float[] djl = gradientOfTimesThree(x -> x.mul(3f));
        // If this fails, freed memory is no longer overwritten here (or DJL stopped freeing the number):
        // the comparisons below would then prove nothing.
        assertNotEquals(3f, djl[0], "DJL's mul(Number) gradient survived a collection: the set-up detects nothing");
        float[] ours = gradientOfTimesThree(x -> SamOps.mul(x, 3f));
        float[] three = new float[8];
        java.util.Arrays.fill(three, 3f);
        assertArrayEquals(three, ours, 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"decoder, hybrid prompts", "lora, encoder and decoder", "adapter, encoder and decoder",
            "vit_t adapter, encoder and decoder"})
    void gradientsDoNotDependOnCollections(String kind) throws IOException {
        Map<String, float[]> quiet = gradients(kind, false);
        Map<String, float[]> collected = gradients(kind, true);
        assertEquals(quiet.keySet(), collected.keySet());
        assertEquals(true, quiet.size() > 10, "trainable tensors with a gradient: " + quiet.size());
        for (Map.Entry<String, float[]> e : quiet.entrySet()) {
            assertArrayEquals(e.getValue(), collected.get(e.getKey()), 0f, e.getKey());
        }
    }

    /** One forward/backward of {@code kind} on two MRI-Prostate samples; the gradients by parameter name. */
    private static Map<String, float[]> gradients(String kind, boolean collect) throws IOException {
        TrainingConfig t = FineTuningTest.tinyConfig();
        SamConfig sc = FineTuningTest.tinyArch();
        sc.finetuneSamBlockOrder = true;
        switch (kind) {
            case "decoder, hybrid prompts" -> t.prompt = "hybrid";
            case "lora, encoder and decoder" -> {
                t.finetuneType = "lora";
                t.ifUpdateEncoder = true;
                t.ifEncoderLoraLayer = true;
                t.encoderLoraLayer = new int[] {0, 1};
                t.ifDecoderLoraLayer = true;
            }
            case "adapter, encoder and decoder" -> {
                t.finetuneType = "adapter";
                t.ifUpdateEncoder = true;
                t.ifEncoderAdapter = true;
                t.encoderAdapterDepths = new int[] {0, 1};
                t.ifMaskDecoderAdapter = true;
            }
            case "vit_t adapter, encoder and decoder" -> {
                sc = SamConfig.fromJson(Fixtures.file("sam-tiny-vit_t/config.json"));
                t.finetuneType = "adapter";
                t.ifUpdateEncoder = true;
                t.ifEncoderAdapter = true;
                t.encoderAdapterDepths = new int[] {0, 1};
                t.ifMaskDecoderAdapter = true;
                t.imageSize = sc.imgSize;
                t.outSize = 4 * sc.imageEmbeddingSize[0];
                t.b = 1;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        sc.numMultimaskOutputs = t.numCls;
        boolean vitT = kind.startsWith("vit_t");
        Map<String, float[]> out = new TreeMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Sam sam = FineTuneModel.build(t, sc, vitT ? PthReader.read(Fixtures.file("sam-tiny-vit_t/model.pth")) : null, m);
            TrainingDataset ds = FineTuningTest.data(t, TestData.trainList(), true);
            List<TrainingSample> batch = new ArrayList<>();
            for (int i = 0; i < t.b; i++) {
                batch.add(ds.get(i, 0));
            }
            try (Trainer trainer = new Trainer(sam, m, t); NDManager sub = m.newSubManager()) {
                if (collect) {
                    trainer.beforeBackward = GradientsUnderGarbageCollectionTest::collectGarbage;
                }
                trainer.forwardBackward(TrainingInput.of(TrainingBatch.collate(sub, batch)), 0, 0, t.lr);
                for (Map.Entry<String, Parameter> e : trainer.trainableParameters().entrySet()) {
                    NDArray g = AdamW.gradientOrNull(e.getValue().getArray());
                    if (g != null) {
                        out.put(e.getKey(), g.toFloatArray());
                        g.close();
                    }
                }
            }
        }
        return out;
    }
}
