package org.samtune.fiji;

import org.samtune.engine.LoadedModel;
import org.samtune.engine.ModelLoader;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A loaded model and its predictor, kept between commands so that a Fiji user pays for reading the
 * checkpoint (and for an image's embedding, which the predictor caches) once. It is re-loaded when
 * the requested {@link ModelSpec} changes, and {@link #close()} frees the native memory.
 *
 * <p>One session is shared by the SciJava commands and the ImageJ 1.x plugins ({@link #shared()});
 * every method is synchronized because Fiji may run commands on several threads.
 */
public final class SamSession implements AutoCloseable {
    private static SamSession shared;

    private ModelSpec spec;
    private LoadedModel model;
    private SamPredictor predictor;
    private int loads;
    private int encoderRunsBefore; // of the predictors closed so far

    /** The session the front-ends share inside one Fiji. */
    public static synchronized SamSession shared() {
        if (shared == null) {
            shared = new SamSession();
        }
        return shared;
    }

    /** Frees the shared session's model (e.g. before loading something big elsewhere). */
    public static synchronized void disposeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The model for a spec, loading it (and freeing the previous one) when the spec changed. */
    public synchronized LoadedModel model(ModelSpec wanted, Consumer<String> log) {
        if (model == null || !wanted.equals(spec)) {
            close();
            ModelLoader.Options options = wanted.toLoaderOptions();
            model = ModelLoader.load(wanted.checkpoint, options);
            predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing());
            spec = wanted;
            loads++;
            if (log != null) {
                log.accept("SAM Tune: loaded " + model.describe());
            }
        }
        return model;
    }

    /**
     * Segments one image: one object per prompt; no prompt at all runs finetune-SAM's automatic
     * (prompt-free) forward. Objects whose prompts SAM cannot batch together (different numbers of
     * points, boxes with and without) are decoded in groups and returned in the given order.
     */
    public synchronized Prediction predict(ModelSpec wanted, RgbImage image, List<Prompt> prompts, boolean multimask,
                                           Consumer<String> log) {
        model(wanted, log);
        predictor.setImage(image);
        if (prompts.isEmpty()) {
            return predictor.predictNoPrompt(multimask);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            groups.computeIfAbsent(shapeKey(prompts.get(i)), k -> new ArrayList<>()).add(i);
        }
        if (groups.size() == 1) {
            return predictor.predict(prompts, multimask);
        }
        int[] indexInGroup = new int[prompts.size()];
        Prediction[] groupResult = new Prediction[prompts.size()];
        for (List<Integer> members : groups.values()) {
            List<Prompt> batch = new ArrayList<>();
            for (int i : members) {
                batch.add(prompts.get(i));
            }
            Prediction p = predictor.predict(batch, multimask);
            for (int k = 0; k < members.size(); k++) {
                groupResult[members.get(k)] = p;
                indexInGroup[members.get(k)] = k;
            }
        }
        return concat(groupResult, indexInGroup);
    }

    /** Work on the loaded model that needs a predictor of its own (a volume keeps one embedding per slice). */
    @FunctionalInterface
    public interface VolumeTask {
        VolumeSegmentJob.Result run(LoadedModel model) throws IOException;
    }

    /**
     * Runs {@code task} on the model for {@code wanted} (loading it when needed) while holding the session, and
     * counts its encoder runs in {@link #encoderRuns()}.
     */
    public synchronized VolumeSegmentJob.Result segmentVolume(ModelSpec wanted, VolumeTask task, Consumer<String> log) {
        LoadedModel m = model(wanted, log);
        try {
            VolumeSegmentJob.Result r = task.run(m);
            encoderRunsBefore += r.encoderRuns();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects SAM can decode in one batch share this key. */
    static String shapeKey(Prompt p) {
        return p.points().size() + "/" + p.hasBox() + "/" + p.hasMaskInput();
    }

    /**
     * Object {@code index[i]} of {@code from[i]}, for every i, as one prediction. Masks at the original
     * size stay lazy: each plane is upscaled by the prediction it came from, when first asked for.
     */
    static Prediction concat(Prediction[] from, int[] index) {
        Prediction f = from[0];
        int b = from.length;
        int m = f.masksPerObject;
        int low = f.lowResSize * f.lowResSize;
        float[] lowRes = new float[b * m * low];
        float[] iou = new float[b * m];
        for (int i = 0; i < b; i++) {
            System.arraycopy(from[i].lowResLogits, index[i] * m * low, lowRes, i * m * low, m * low);
            System.arraycopy(from[i].iouPredictions, index[i] * m, iou, i * m, m);
        }
        Prediction.Upscaler upscaler = plane -> from[plane / m].upscaled(index[plane / m], plane % m);
        return new Prediction(b, m, f.lowResSize, f.height, f.width, lowRes, iou, upscaler, f.maskThreshold);
    }

    /** The spec of the loaded model, or null. */
    public synchronized ModelSpec spec() {
        return spec;
    }

    /** How many times a model was loaded (tests check that unchanged specs reuse it). */
    public synchronized int loadCount() {
        return loads;
    }

    /** How many times an image encoder ran in this session, over all models loaded (embeddings are cached per image). */
    public synchronized int encoderRuns() {
        return encoderRunsBefore + (predictor == null ? 0 : predictor.encoderRuns());
    }

    public synchronized boolean isLoaded() {
        return model != null;
    }

    @Override
    public synchronized void close() {
        if (predictor != null) {
            encoderRunsBefore += predictor.encoderRuns();
            predictor.close();
            predictor = null;
        }
        if (model != null) {
            model.close();
            model = null;
        }
        spec = null;
    }
}
