package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.samtune.engine.GradMode;
import org.samtune.engine.NativeMemory;
import org.samtune.model.MaskDecoder;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;

import java.util.List;
import java.util.Locale;

/**
 * SamPredictor semantics: set an image once (its embedding is computed once and cached), then ask
 * any number of prompt queries against it. Prompts are in original image pixels; results come back
 * at the original size, in Java arrays (nothing native escapes a call).
 *
 * <p>Every call runs inside an {@link NDScope}, so temporaries are freed when it returns; the only
 * long-lived tensors are the cached embeddings and the dense positional encoding.
 */
public final class SamPredictor implements AutoCloseable {
    private final Sam model;
    private final SamConfig config;
    private final InputPreprocessing preprocessing;
    private final NDManager manager;
    private final EmbeddingCache cache;
    private NDArray imagePe; // (1, C, E, E), fixed for fixed weights

    private NDArray embedding; // (1, C, E, E) of the current image, owned by the cache
    private MaskDecoder.PreparedImage prepared; // the decoder's per-image work for `preparedFor`, or null
    private NDArray preparedFor;
    private int originalH;
    private int originalW;
    private int[] inputSize; // {H, W} of the resized image inside the square input
    private int encoderRuns; // embeddings computed (cache misses)

    public SamPredictor(Sam model, NDManager parent, InputPreprocessing preprocessing) {
        this(model, parent, preprocessing, 4);
    }

    public SamPredictor(Sam model, NDManager parent, InputPreprocessing preprocessing, int cachedImages) {
        this.model = model;
        this.config = model.config();
        this.preprocessing = preprocessing;
        this.manager = parent.newSubManager();
        this.cache = new EmbeddingCache(cachedImages);
    }

    public SamConfig config() {
        return config;
    }

    /** Computes (or fetches from the cache) the embedding of an image; prompts then refer to its pixels. */
    public void setImage(RgbImage image) {
        if (image.width() < 1 || image.height() < 1) {
            throw new IllegalArgumentException("The image is empty (" + image.width() + "x" + image.height() + ")");
        }
        int s = config.imgSize;
        String key = EmbeddingCache.key(image, preprocessing);
        NDArray cached = cache.get(key);
        if (cached == null) {
            cached = GradMode.noGrad(() -> {
                try (NDScope scope = new NDScope()) {
                    NDArray input = preprocessing == InputPreprocessing.SAM
                            ? SamPreprocessor.of(config).prepare(manager, image)
                            : SamPreprocessor.prepareFinetuneSam(manager, image, s);
                    NDArray embedding = model.imageEncoder().forward(input);
                    NDScope.unregister(embedding);
                    return embedding;
                }
            });
            cached.attach(manager);
            cache.put(key, cached);
            encoderRuns++;
            NativeMemory.trim(); // the encoder's activations are freed: return them to the OS
        }
        embedding = cached;
        originalH = image.height();
        originalW = image.width();
        inputSize = preprocessing == InputPreprocessing.SAM
                ? ResizeLongestSide.getPreprocessShape(originalH, originalW, s) : new int[] {s, s};
    }

    /** How many embeddings this predictor has computed (images found in the cache are not counted). */
    public int encoderRuns() {
        return encoderRuns;
    }

    public boolean hasImage() {
        return embedding != null;
    }

    /** A copy of the current image embedding (1, C, E, E), row-major. */
    public float[] embedding() {
        requireImage();
        return embedding.toFloatArray();
    }

    public long[] embeddingShape() {
        requireImage();
        return embedding.getShape().getShape();
    }

    /**
     * One decoder batch: each prompt is one object. All prompts must have the same shape (same number
     * of points, all or none with a box, all or none with a mask input), as SAM batches them.
     * An empty list is the automatic (no-prompt) forward.
     */
    public Prediction predict(List<Prompt> objects, boolean multimaskOutput) {
        requireImage();
        if (objects.isEmpty()) {
            return predictNoPrompt(multimaskOutput);
        }
        PromptTensors.check(objects, originalW, originalH, config);
        return GradMode.noGrad(() -> {
            try (NDScope scope = new NDScope()) {
                PromptTensors t = PromptTensors.build(manager, objects, originalW, originalH, config, preprocessing);
                NDArray[] prompt = model.promptEncoder().encode(t.coords, t.labels, t.boxes, t.masks);
                return t.masks == null ? decodePrepared(prompt, multimaskOutput) : decode(prompt, multimaskOutput);
            }
        });
    }

    /** The automatic forward finetune-SAM uses: no prompt at all; multimask slices off token 0. */
    public Prediction predictNoPrompt(boolean multimaskOutput) {
        requireImage();
        return GradMode.noGrad(() -> {
            try (NDScope scope = new NDScope()) {
                NDArray[] prompt = model.promptEncoder().encode(manager, null, null, null, null);
                return decodePrepared(prompt, multimaskOutput);
            }
        });
    }

    /**
     * Prompts without a mask input: the decoder's prompt-independent work on this image (first-layer
     * image projections) is done once per image and reused by every prompt.
     */
    private Prediction decodePrepared(NDArray[] prompt, boolean multimaskOutput) {
        if (preparedFor != embedding) {
            if (prepared != null) {
                prepared.close();
            }
            NDArray noMaskDense = prompt[1].get(new NDIndex("0:1")); // the same for every prompt of the batch
            prepared = model.maskDecoder().prepareImage(embedding, imagePe(), noMaskDense);
            preparedFor = embedding;
        }
        if (prepared == null) {
            return decode(prompt, multimaskOutput);
        }
        MaskDecoder.LowResMasks out = model.maskDecoder().predict(prepared, prompt[0], multimaskOutput);
        return toPrediction(out.batch(), out.masks(), out.size(), out.logits(), out.iou());
    }

    private Prediction decode(NDArray[] prompt, boolean multimaskOutput) {
        return toPrediction(model.maskDecoder().predict(embedding, imagePe(), prompt[0], prompt[1], multimaskOutput));
    }

    private Prediction toPrediction(NDArray[] out) {
        Shape ls = out[0].getShape(); // (B, M, h, w)
        if (ls.get(2) != ls.get(3)) {
            throw new IllegalStateException("Low-res masks are square, got " + ls);
        }
        return toPrediction((int) ls.get(0), (int) ls.get(1), (int) ls.get(2),
                out[0].toType(DataType.FLOAT32, false).toFloatArray(), out[1].toFloatArray());
    }

    /** lowRes: (b, m, size, size) logits; iou: (b, m). */
    private Prediction toPrediction(int b, int m, int size, float[] lowRes, float[] iou) {
        int h = size;
        int w = size;
        int imgSize = config.imgSize;
        int[] input = inputSize.clone();
        int[] original = {originalH, originalW};
        Prediction.Upscaler upscaler = new Prediction.Upscaler() {
            @Override
            public float[] upscale(int plane) {
                return MaskPostprocessor.postprocessPlane(lowRes, plane, b, m, h, w, imgSize, input, original);
            }

            @Override
            public boolean[] mask(int plane, float threshold) {
                return MaskPostprocessor.maskPlane(lowRes, plane, b, m, h, w, imgSize, input, original, threshold);
            }
        };
        return new Prediction(b, m, h, originalH, originalW, lowRes, iou, upscaler, config.maskThreshold);
    }

    private NDArray imagePe() {
        if (imagePe == null) {
            imagePe = GradMode.noGrad(() -> {
                try (NDScope scope = new NDScope()) {
                    NDArray pe = model.promptEncoder().denseImagePe(manager);
                    NDScope.unregister(pe);
                    return pe;
                }
            });
            imagePe.attach(manager);
        }
        return imagePe;
    }

    private void requireImage() {
        if (embedding == null) {
            throw new IllegalStateException("No image set: call setImage first");
        }
    }

    @Override
    public void close() {
        if (prepared != null) {
            prepared.close();
        }
        cache.close();
        manager.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SamPredictor[%s, %dx%d]", preprocessing, originalW, originalH);
    }
}
