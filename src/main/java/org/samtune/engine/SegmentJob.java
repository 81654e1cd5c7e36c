package org.samtune.engine;

import ij.ImagePlus;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.io.MaskFiles;
import org.samtune.io.NiftiImage;
import org.samtune.io.SliceAxis;
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
 * Segments one image file (or one slice of a volume, optionally propagated: {@link VolumeSegmentJob}): load the model, read and convert the image, run the prompts, write the
 * outputs. The command line and batch scripts call this; interactive front-ends use
 * {@link SamPredictor} directly with an already-loaded model.
 */
public final class SegmentJob {
    private SegmentJob() {}

    /** Everything a segmentation run needs. */
    public static final class Request {
        public Path checkpoint;
        public ModelLoader.Options loader = new ModelLoader.Options();
        /** A 2-D image, or a volume: .nii/.nii.gz or a DICOM series folder (then {@link #slice} is needed). */
        public Path image;
        public List<Prompt> prompts = new ArrayList<>();
        public Path maskInput;
        public boolean multimask;
        public Path output;
        public Path logits;
        /** An {@link IntensityMapping} spec; null/blank = the one recorded with the model, else auto. */
        public String intensity;
        /** Volumes: the slice axis (default z, as the NIfTI slice source cuts volumes). */
        public SliceAxis axis = SliceAxis.Z;
        /** Volumes: the prompted slice along {@link #axis}; null for 2-D images. */
        public Integer slice;
        /** Volumes: carry each object to neighbouring slices until its mask vanishes. */
        public boolean propagate;
    }

    /** What was computed. */
    public static final class Result {
        /** 2-D images: the prediction; null for volumes. */
        public final Prediction prediction;
        public final String model;
        /** Volumes: the label volume and per-object slices; null for 2-D images. */
        public final VolumeSegmentJob.Result volume;

        Result(Prediction prediction, String model, VolumeSegmentJob.Result volume) {
            this.prediction = prediction;
            this.model = model;
            this.volume = volume;
        }

        public String summary() {
            if (volume != null) {
                return volume.summary();
            }
            StringBuilder sb = new StringBuilder();
            Prediction p = prediction;
            for (int b = 0; b < p.objects; b++) {
                sb.append(String.format(Locale.ROOT, "object %d: %s%n", b + 1, p.describe(b)));
            }
            return sb.toString().trim();
        }
    }

    public static Result run(Request r, Consumer<String> log) throws IOException {
        boolean volume = VolumeSegmentJob.isVolume(r.image);
        if (volume || r.slice != null || r.propagate) {
            checkVolumeRequest(r, volume);
            return runVolume(r, log);
        }
        ImagePlus imp = ImageFiles.open(r.image);
        try (LoadedModel model = ModelLoader.load(r.checkpoint, r.loader)) {
            log.accept("model: " + model.describe());
            IntensityChoice intensity = IntensityChoice.resolve(r.intensity, model);
            log.accept(intensity.describe());
            RgbImage rgb = ImageConversion.toRgb(imp, intensity.mapping());
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
                return new Result(p, model.describe(), null);
            }
        }
    }

    private static void checkVolumeRequest(Request r, boolean volume) {
        if (!volume) {
            throw new IllegalArgumentException((r.slice != null ? "--slice" : "--propagate") + " applies to volumes "
                    + "(.nii, .nii.gz or a DICOM folder), but " + r.image + " is a 2-D image");
        }
        if (r.slice == null) {
            throw new IllegalArgumentException(r.image + " is a volume: give the prompted slice with --slice K");
        }
        if (r.maskInput != null || r.logits != null || r.multimask) {
            throw new IllegalArgumentException("--mask-input, --save-logits and --multimask apply to 2-D images only");
        }
        String out = r.output == null ? "" : r.output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!out.endsWith(".nii") && !out.endsWith(".nii.gz")) {
            throw new IllegalArgumentException("a volume's labels are written as NIfTI: give --output LABELS.nii.gz"
                    + (r.output == null ? "" : ", not " + r.output));
        }
    }

    private static Result runVolume(Request r, Consumer<String> log) throws IOException {
        NiftiImage image = VolumeSegmentJob.readVolume(r.image);
        try (LoadedModel model = ModelLoader.load(r.checkpoint, r.loader)) {
            log.accept("model: " + model.describe());
            IntensityChoice intensity = IntensityChoice.resolve(r.intensity, model);
            log.accept(intensity.describe() + ", statistics over the volume");
            VolumeSegmentJob.Result v = VolumeSegmentJob.segment(model, image, r.axis, r.slice, r.prompts,
                    r.propagate, intensity.mapping(), null);
            v.labels().save(r.output);
            log.accept("wrote " + r.output);
            return new Result(null, model.describe(), v);
        }
    }
}
