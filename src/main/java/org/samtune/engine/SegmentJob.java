package org.samtune.engine;

import ij.ImagePlus;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.io.MaskFiles;
import org.samtune.predict.IntensityScaler;
import org.samtune.predict.MaskInputs;
import org.samtune.predict.Prediction;
import org.samtune.predict.PredictionFiles;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Segments one image file: load the model, read and convert the image, run the prompts, write the
 * outputs. The command line and batch scripts call this; interactive front-ends use
 * {@link SamPredictor} directly with an already-loaded model.
 */
public final class SegmentJob {
    private SegmentJob() {}

    /** Everything a segmentation run needs. */
    public static final class Request {
        public Path checkpoint;
        public ModelLoader.Options loader = new ModelLoader.Options();
        public Path image;
        public List<Prompt> prompts = new ArrayList<>();
        public Path maskInput;
        public boolean multimask;
        public Path output;
        public Path logits;
        /** null/"minmax", "window:LO,HI" or "percentile:LO,HI" (applies to 16/32-bit images). */
        public String intensity;
    }

    /** What was computed. */
    public static final class Result {
        public final Prediction prediction;
        public final String model;

        Result(Prediction prediction, String model) {
            this.prediction = prediction;
            this.model = model;
        }

        public String summary() {
            StringBuilder sb = new StringBuilder();
            Prediction p = prediction;
            for (int b = 0; b < p.objects; b++) {
                sb.append(String.format(Locale.ROOT, "object %d: %s%n", b + 1, p.describe(b)));
            }
            return sb.toString().trim();
        }
    }

    public static Result run(Request r, Consumer<String> log) throws IOException {
        ImagePlus imp = ImageFiles.open(r.image);
        RgbImage rgb = ImageConversion.toRgb(imp, parseIntensity(r.intensity));
        try (LoadedModel model = ModelLoader.load(r.checkpoint, r.loader)) {
            log.accept("model: " + model.describe());
            List<Prompt> prompts = r.prompts;
            if (r.maskInput != null) {
                float[] logits = MaskInputs.read(r.maskInput, 4 * model.config().imageEmbeddingSize[0]);
                if (prompts.isEmpty()) {
                    prompts = new ArrayList<>(List.of(new Prompt()));
                }
                if (prompts.size() > 1) {
                    throw new IllegalArgumentException("--mask-input applies to one object; give at most one box");
                }
                prompts.get(0).maskInput(logits, 4 * model.config().imageEmbeddingSize[0]);
            }
            try (SamPredictor predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing())) {
                predictor.setImage(rgb);
                Prediction p = predictor.predict(prompts, r.multimask);
                if (r.output != null) {
                    if (p.objects == 1) {
                        MaskFiles.writeBinary(p.mask(0, p.bestMask(0)), p.width, p.height, r.output);
                    } else {
                        MaskFiles.writeLabels(p.labelImage(), p.width, p.height, r.output);
                    }
                    log.accept("wrote " + r.output);
                }
                if (r.logits != null) {
                    PredictionFiles.writeNpz(p, predictor.embedding(), predictor.embeddingShape(), r.logits);
                    log.accept("wrote " + r.logits);
                }
                return new Result(p, model.describe());
            }
        }
    }

    /** "minmax", "window:LO,HI", "percentile:LO,HI" or null (default for the bit depth). */
    public static IntensityScaler parseIntensity(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("minmax")) {
            return IntensityScaler.minMax();
        }
        if (t.equals("asis") || t.equals("as-is")) {
            return IntensityScaler.asIs();
        }
        String[] kv = t.split(":", 2);
        if (kv.length == 2) {
            String[] v = kv[1].split(",");
            if (v.length == 2) {
                double lo = Double.parseDouble(v[0]);
                double hi = Double.parseDouble(v[1]);
                if (kv[0].equals("window")) {
                    return IntensityScaler.window(lo, hi);
                }
                if (kv[0].equals("percentile")) {
                    return IntensityScaler.percentile(lo, hi);
                }
            }
        }
        throw new IllegalArgumentException("Unknown intensity scaling '" + s + "': use minmax, window:LO,HI or percentile:LO,HI");
    }
}
