package org.samtune.engine;

import org.samtune.checkpoint.AtomicFiles;
import org.samtune.eval.BoxPlot;
import org.samtune.eval.CaseScorer;
import org.samtune.eval.Csv;
import org.samtune.eval.MetricsTable;
import org.samtune.eval.OverlayPicker;
import org.samtune.eval.SummaryStatistics;
import org.samtune.io.LabelVolume;
import org.samtune.io.MaskFiles;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeSlicer;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;
import org.samtune.train.PromptConfig;
import org.samtune.train.PromptSampler;
import org.samtune.train.Seeds;
import org.samtune.train.TargetSpec;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Evaluates one or more checkpoints on a labelled data set and writes, under the output folder:
 * <ul>
 *   <li>{@code metrics.csv}: one row per (model, case, slice, class), see {@link MetricsTable}; 2-D images have an
 *       empty slice column, slices of volumes their index, and every volume gets 3-D rows with slice
 *       {@value MetricsTable#WHOLE_VOLUME} (metrics with the volume's voxel spacing);</li>
 *   <li>{@code summary.csv}: per model, class, level and metric: n, NaN count, mean, std, median and a seeded
 *       95 % bootstrap interval of the mean, see {@link SummaryStatistics};</li>
 *   <li>{@code predictions/MODEL/}: PNG masks for 2-D cases (0/255 for a binary task, class ids otherwise), NIfTI
 *       label volumes with the source image's geometry for 3-D cases;</li>
 *   <li>{@code overlays/MODEL/}: the best and worst cases (mean Dice over their classes) as PNG, prediction tinted
 *       red, ground truth outlined green (images under 128 px are enlarged by an integer factor);</li>
 *   <li>{@code dice_boxplot.png}: per-image/slice Dice per class and model;</li>
 *   <li>{@code problems.csv}: the cases left out and why (unreadable or corrupt files, image/label shape or
 *       spacing mismatch, NaN-only images, labels outside num_cls, empty ground truth).</li>
 * </ul>
 *
 * <p>Metrics are computed from the label map that is written (where the masks of several classes overlap, the
 * higher class wins). Which classes a case is scored on: with prompts, the classes present in its ground truth (the prompt comes
 * from there); without, those present in the ground truth or the prediction. A class absent from both is not
 * scored (it would add a meaningless Dice of 1). 2-D images with an empty ground truth are left out (listed in
 * problems.csv), as finetune-SAM's {@code delete_empty_masks} does; slices of volumes without ground truth get no
 * per-slice row but their predictions count in the 3-D rows (no-prompt and propagation modes predict them).
 * Distances of 2-D images are in pixels; of volumes in the NIfTI spacing unit (mm).
 */
public final class EvaluationJob {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Where each case's prompts come from. */
    public enum PromptMode {
        /** No prompt: the model's automatic output. */
        NONE,
        /** finetune-SAM's jittered boxes around the largest ground-truth regions, per class. */
        BOX,
        /** finetune-SAM's points from the deepest part of the largest ground-truth regions, per class. */
        POINT,
        /** Volumes only: one box per class on its largest slice, propagated slice by slice ({@link VolumePropagation}). */
        PROPAGATE;

        public static PromptMode parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--prompt must be none, box, point or propagate, got '" + s + "'");
            }
        }
    }

    /** How a no-prompt output becomes classes. */
    public enum NoPromptOutput {
        /** Class map for finetune-SAM checkpoints (PEFT modules, finetune-SAM preprocessing or not 3 outputs), else best mask. */
        AUTO,
        /** finetune-SAM: channel k is class k, per-pixel argmax. */
        CLASS_MAP,
        /** Stock SAM: the mask with the highest predicted IoU is the foreground of a binary task. */
        BEST_MASK
    }

    /**
     * A checkpoint and the name its rows carry; {@code loader}, when not null, replaces the request's
     * {@link Request#loader} for this checkpoint (a study compares a stock base model with fine-tuned ones, which
     * need other architectures and preprocessing).
     */
    public record ModelSpec(String name, Path checkpoint, ModelLoader.Options loader) {
        public ModelSpec(String name, Path checkpoint) {
            this(name, checkpoint, null);
        }

        public ModelSpec {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model name '" + name + "' may hold only letters, digits, '.', '_'"
                        + " and '-'");
            }
        }

        /** {@code NAME=FILE} or {@code FILE} (named after the file without its extension). */
        public static ModelSpec parse(String s) {
            int eq = s.indexOf('=');
            if (eq > 0 && NAME.matcher(s.substring(0, eq)).matches()) {
                return new ModelSpec(s.substring(0, eq), Path.of(s.substring(eq + 1)));
            }
            Path p = Path.of(s);
            String file = p.getFileName() == null ? s : p.getFileName().toString();
            int dot = file.indexOf('.');
            String stem = dot > 0 ? file.substring(0, dot) : file;
            return new ModelSpec(stem.replaceAll("[^A-Za-z0-9._-]", "_"), p);
        }
    }

    /** What to evaluate and how. */
    public static final class Request {
        public List<ModelSpec> models = new ArrayList<>();
        /** Architecture/preprocessing/device, shared by every checkpoint. */
        public ModelLoader.Options loader = new ModelLoader.Options();
        /** A finetune-SAM list file, an images/+masks/ folder, or a folder of NIfTI volumes. */
        public Path data;
        /** List files: the roots the list's image and mask paths are relative to (null: found next to the list). */
        public Path imageRoot;
        public Path maskRoot;
        public PromptMode prompt = PromptMode.BOX;
        /** Positive points per class in point mode (finetune-SAM's prompt_num). */
        public int points = 5;
        public long seed = 42;
        /** Classes including background; 0: from the targets (or, without prompts, from the model). */
        public int numClasses;
        public TargetSpec targets = TargetSpec.combineAll();
        public SliceAxis axis = SliceAxis.Z;
        public double nsdTolerance = 1.0;
        public int bootstrapResamples = SummaryStatistics.DEFAULT_RESAMPLES;
        /** Best and worst cases drawn per model. */
        public int overlays = 3;
        public NoPromptOutput noPromptOutput = NoPromptOutput.AUTO;
        /**
         * {@link org.samtune.io.IntensityMapping} spec for every model; null = each model's recorded one (its
         * sam_config.json), else auto. Volumes use the volume's statistics.
         */
        public String intensity;
        public Path out;
    }

    /** What was written. */
    public static final class Result {
        public final MetricsTable metrics;
        public final List<SummaryStatistics.Group> summary;
        /** Cases left out: "case: reason". */
        public final List<String> problems;
        public final Path out;

        Result(MetricsTable metrics, List<SummaryStatistics.Group> summary, List<String> problems, Path out) {
            this.metrics = metrics;
            this.summary = summary;
            this.problems = problems;
            this.out = out;
        }

        /** One line per model and class: mean Dice with its interval. */
        public String summaryText() {
            StringBuilder sb = new StringBuilder();
            for (SummaryStatistics.Group g : summary) {
                if (g.metric().equals("dice")) {
                    SummaryStatistics.Stats s = g.stats();
                    sb.append(String.format(Locale.ROOT, "%s class %d (%s): Dice %.4f [95%% CI %.4f, %.4f], n=%d%n",
                            g.model(), g.cls(), g.level(), s.mean(), s.ciLow(), s.ciHigh(), s.n()));
                }
            }
            sb.append(String.format(Locale.ROOT, "%d rows, %d case(s) left out (see problems.csv); results in %s",
                    metrics.size(), problems.size(), out.toAbsolutePath()));
            return sb.toString();
        }
    }

    /** What an overlay needs. */
    private record OverlayCase(RgbImage image, int[] prediction, int[] truth) {}

    private EvaluationJob() {}

    public static Result run(Request r, Consumer<String> log) throws IOException {
        check(r);
        Files.createDirectories(r.out);
        MetricsTable table = new MetricsTable();
        EvaluationData data = null;
        String dataIntensity = null;
        int numCls = 0;
        for (ModelSpec spec : r.models) {
            try (LoadedModel model = ModelLoader.load(spec.checkpoint(), spec.loader() != null ? spec.loader() : r.loader)) {
                log.accept("model " + spec.name() + ": " + model.describe());
                IntensityChoice intensity = IntensityChoice.resolve(r.intensity, model);
                log.accept("model " + spec.name() + ": " + intensity.describe());
                boolean classMap = r.prompt == PromptMode.NONE && usesClassMap(model, r.noPromptOutput);
                int n = numClasses(r, model, classMap);
                if (data == null) {
                    numCls = n;
                    data = open(r, numCls, intensity.mapping(), log);
                    dataIntensity = intensity.mapping().spec();
                } else if (n != numCls) {
                    throw new IllegalArgumentException("model " + spec.name() + " has " + n + " classes, "
                            + r.models.get(0).name() + " has " + numCls + ": models compared in one run need the "
                            + "same classes");
                } else if (!intensity.mapping().spec().equals(dataIntensity)) {
                    // the same cases, prepared the way this model was trained
                    data = open(r, numCls, intensity.mapping(), log);
                    dataIntensity = intensity.mapping().spec();
                }
                if (r.prompt == PromptMode.NONE) {
                    log.accept(classMap
                            ? "no prompt: " + n + "-channel output, per-pixel argmax = class (finetune-SAM)"
                            : "no prompt: stock SAM output; the best of its 3 masks by predicted IoU is the foreground "
                              + "of a binary evaluation (class 1)");
                }
                evaluateModel(r, spec.name(), model, classMap, numCls, data, table, log);
            }
        }
        return writeResults(r, table, data, log);
    }

    private static void check(Request r) {
        if (r.models.isEmpty()) {
            throw new IllegalArgumentException("give at least one --checkpoint");
        }
        Set<String> names = new HashSet<>();
        for (ModelSpec m : r.models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("two checkpoints are named '" + m.name()
                        + "': name them with NAME=FILE");
            }
        }
        if (r.data == null || !Files.exists(r.data)) {
            throw new IllegalArgumentException("--data " + r.data + " does not exist");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("give an output folder (--out)");
        }
        if (r.points < 1) {
            throw new IllegalArgumentException("--points must be at least 1, got " + r.points);
        }
        if (r.prompt == PromptMode.PROPAGATE && !EvaluationData.isVolumeFolder(r.data)) {
            throw new IllegalArgumentException("--prompt propagate needs a folder of NIfTI volumes, got " + r.data);
        }
    }

    static boolean usesClassMap(LoadedModel model, NoPromptOutput choice) {
        return switch (choice) {
            case CLASS_MAP -> true;
            case BEST_MASK -> false;
            case AUTO -> model.preprocessing() == org.samtune.predict.InputPreprocessing.FINETUNE_SAM
                    || (model.info() != null && model.info().isFinetuneSam())
                    || model.config().numMultimaskOutputs != 3;
        };
    }

    private static int numClasses(Request r, LoadedModel model, boolean classMap) {
        int outputs = model.config().numMultimaskOutputs;
        int n = r.numClasses;
        if (n == 0) {
            n = classMap ? outputs : r.targets.minNumClasses();
        }
        if (n == 0) {
            throw new IllegalArgumentException("targets multi_all need --num-classes (classes including background)");
        }
        if (n < 2 || n < r.targets.minNumClasses()) {
            throw new IllegalArgumentException("targets " + r.targets + " need --num-classes >= "
                    + Math.max(2, r.targets.minNumClasses()) + ", got " + n);
        }
        if (r.prompt == PromptMode.NONE && classMap && n != outputs) {
            throw new IllegalArgumentException("the model's no-prompt output has " + outputs + " class channels but "
                    + n + " classes were asked for");
        }
        if (r.prompt == PromptMode.NONE && !classMap && n != 2) {
            throw new IllegalArgumentException("a stock SAM checkpoint without prompts gives one foreground mask: "
                    + "evaluate a binary task (combine_all or one label), not " + n + " classes");
        }
        return n;
    }

    private static EvaluationData open(Request r, int numCls, org.samtune.io.IntensityMapping intensity,
                                       Consumer<String> log) throws IOException {
        EvaluationData d = EvaluationData.isVolumeFolder(r.data)
                ? EvaluationData.openVolumes(r.data, r.axis, r.prompt == PromptMode.NONE || r.prompt == PromptMode.PROPAGATE,
                        r.targets, numCls, intensity, log)
                : EvaluationData.openImages(r.data, r.imageRoot, r.maskRoot, r.targets, numCls, intensity, log);
        for (EvaluationData.Problem p : d.problems) {
            log.accept("skipping " + p);
        }
        int good = d.volumes ? d.usableVolumes.size() : d.usableImages.length;
        log.accept(String.format(Locale.ROOT, "%d %s to evaluate, %d left out", good, d.volumes ? "volume(s)"
                : "image(s)", d.problems.size()));
        if (good == 0) {
            throw new IOException("nothing to evaluate in " + r.data + ": every case was left out:"
                    + d.problems.stream().map(p -> "\n  " + p).reduce("", String::concat));
        }
        return d;
    }

    private static int[] classRange(int numCls) {
        int[] c = new int[numCls - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = i + 1;
        }
        return c;
    }

    private static void evaluateModel(Request r, String name, LoadedModel model, boolean classMap, int numCls,
                                      EvaluationData data, MetricsTable table, Consumer<String> log) throws IOException {
        CaseScorer scorer = new CaseScorer(r.nsdTolerance);
        OverlayPicker<OverlayCase> picker = new OverlayPicker<>(r.overlays);
        Path predDir = Files.createDirectories(r.out.resolve("predictions").resolve(name));
        int[] classes = classRange(numCls);
        int before = table.size();
        try (SamPredictor predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing())) {
            CaseSegmenter segmenter = new CaseSegmenter(predictor, r.prompt, classMap, r.points, r.seed);
            if (!data.volumes) {
                Set<String> used = new HashSet<>();
                for (int i : data.usableImages) {
                    RgbImage image = data.images.loadImage(i);
                    int[] gt = data.images.loadMask(i).labels().clone();
                    r.targets.applyInPlace(gt);
                    Map<Integer, boolean[]> pred = segmenter.segment(image, gt, classes, i);
                    String caseName = data.images.imageName(i);
                    int[] labels = combine(pred, gt.length);
                    List<MetricsTable.Row> rows = scorer.score(name, caseName, MetricsTable.NO_SLICE, labels, gt,
                            new int[] {image.width(), image.height()}, new double[] {1, 1},
                            r.prompt == PromptMode.NONE ? classes : CaseScorer.presentClasses(gt, classes));
                    table.addAll(rows);
                    writeMask(labels, image.width(), image.height(), numCls,
                            predDir.resolve(unique(used, stem(caseName)) + ".png"));
                    picker.offer(meanDice(rows), stem(caseName), new OverlayCase(image, labels, gt));
                }
            } else {
                for (EvaluationData.Volume v : data.usableVolumes) {
                    evaluateVolume(r, name, model, segmenter, scorer, picker, v, data, classes, table, predDir, log);
                }
            }
        }
        writeOverlays(r.out.resolve("overlays").resolve(name), picker);
        log.accept(String.format(Locale.ROOT, "model %s: %d rows", name, table.size() - before));
    }

    private static void evaluateVolume(Request r, String name, LoadedModel model, CaseSegmenter segmenter,
                                       CaseScorer scorer, OverlayPicker<OverlayCase> picker, EvaluationData.Volume v,
                                       EvaluationData data, int[] classes, MetricsTable table, Path predDir,
                                       Consumer<String> log) throws IOException {
        NiftiImage image = NiftiReader.read(v.pair().image());
        int[] gtVol = NiftiReader.read(v.pair().label()).toLabelArray();
        r.targets.applyInPlace(gtVol);
        LabelVolume pred = new LabelVolume(image, r.axis);
        VolumeSlicer slicer = pred.slicer();
        int w = slicer.width();
        int h = slicer.height();
        double[] sp = spacing(image, v.pair().image().toString(), log);
        double[] sliceSpacing = {sp[r.axis.colAxis()], sp[r.axis.rowAxis()]};
        String caseName = v.pair().name();
        Map<Integer, RgbImage> images = new LinkedHashMap<>();
        int[] sliceOfSample = new int[v.sampleIndices().length];
        for (int k = 0; k < sliceOfSample.length; k++) {
            sliceOfSample[k] = data.slices.sliceIndex(v.sampleIndices()[k]);
        }
        if (r.prompt == PromptMode.PROPAGATE) {
            propagate(r, model, v, data, gtVol, pred, classes, log);
        } else {
            for (int k = 0; k < sliceOfSample.length; k++) {
                int s = sliceOfSample[k];
                int[] gt = slicer.labelSlice(gtVol, s);
                boolean labelled = java.util.Arrays.stream(gt).anyMatch(x -> x > 0);
                if (!labelled && r.prompt != PromptMode.NONE) {
                    continue; // a prompt comes from the ground truth: nothing to prompt here
                }
                RgbImage img = data.slices.loadImage(v.sampleIndices()[k]);
                Map<Integer, boolean[]> p = segmenter.segment(img, gt, classes, v.sampleIndices()[k]);
                pred.writeSlice(combine(p, w * h), s);
                if (labelled) {
                    images.put(s, img);
                }
            }
        }
        // per-slice rows: slices with ground truth, scored from the label volume
        for (int k = 0; k < sliceOfSample.length; k++) {
            int s = sliceOfSample[k];
            int[] gt = slicer.labelSlice(gtVol, s);
            if (java.util.Arrays.stream(gt).noneMatch(x -> x > 0)) {
                continue;
            }
            int[] p = pred.slice(s);
            List<MetricsTable.Row> rows = scorer.score(name, caseName, Integer.toString(s), p, gt,
                    new int[] {w, h}, sliceSpacing, r.prompt == PromptMode.NONE ? classes
                            : CaseScorer.presentClasses(gt, classes));
            table.addAll(rows);
            RgbImage img = images.containsKey(s) ? images.get(s) : data.slices.loadImage(v.sampleIndices()[k]);
            picker.offer(meanDice(rows), caseName + "_" + r.axis.label() + s, new OverlayCase(img, p, gt));
        }
        int[] dims = {image.dim(0), image.dim(1), image.dim(2)};
        int[] volumeClasses = r.prompt == PromptMode.NONE || r.prompt == PromptMode.PROPAGATE ? classes
                : CaseScorer.presentClasses(gtVol, classes);
        table.addAll(scorer.score(name, caseName, MetricsTable.WHOLE_VOLUME, pred.labels(), gtVol, dims, sp,
                volumeClasses));
        pred.save(predDir.resolve(caseName + ".nii.gz"));
    }

    /** One box per class on the slice where the class is largest, propagated through the volume. */
    private static void propagate(Request r, LoadedModel model, EvaluationData.Volume v, EvaluationData data,
                                  int[] gtVol, LabelVolume pred, int[] classes, Consumer<String> log) throws IOException {
        VolumeSlicer slicer = pred.slicer();
        int n = slicer.sliceCount();
        int w = slicer.width();
        int h = slicer.height();
        int[] sampleOfSlice = new int[n];
        java.util.Arrays.fill(sampleOfSlice, -1);
        for (int idx : v.sampleIndices()) {
            sampleOfSlice[data.slices.sliceIndex(idx)] = idx;
        }
        VolumePropagation.SliceImages images = new VolumePropagation.SliceImages() {
            @Override
            public int count() {
                return n;
            }

            @Override
            public RgbImage image(int slice) throws IOException {
                return data.slices.loadImage(sampleOfSlice[slice]);
            }
        };
        PromptSampler sampler = new PromptSampler(PromptConfig.boxes());
        // one cached embedding per slice: every class and both directions reuse it
        try (SamPredictor predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing(), n)) {
            VolumePropagation.BoxSegmenter sam = VolumePropagation.sam(predictor, images);
            VolumePropagation walker = new VolumePropagation(w, h, 1);
            for (int c : classes) {
                int start = -1;
                int bestArea = 0;
                int[] startMask = null;
                for (int s = 0; s < n; s++) {
                    int[] gt = slicer.labelSlice(gtVol, s);
                    int area = 0;
                    for (int i = 0; i < gt.length; i++) {
                        gt[i] = gt[i] == c ? 1 : 0;
                        area += gt[i];
                    }
                    if (area > bestArea) {
                        bestArea = area;
                        start = s;
                        startMask = gt;
                    }
                }
                if (start < 0) {
                    continue;
                }
                float[] b = sampler.sample(startMask, w, h, Seeds.forSample(r.seed, c, v.pairIndex())).prompts().boxes();
                float[] box = CaseSegmenter.boxObjects(new org.samtune.train.Prompts(null, null,
                        java.util.Arrays.copyOf(b, 4)), w, h).get(0).box();
                VolumePropagation.Result res = walker.run(n, start, box, sam);
                for (int s = 0; s < n; s++) {
                    if (res.masks()[s] != null) {
                        int[] plane = pred.slice(s);
                        boolean[] m = res.masks()[s];
                        for (int i = 0; i < plane.length; i++) {
                            if (m[i]) {
                                plane[i] = c;
                            }
                        }
                        pred.writeSlice(plane, s);
                    }
                }
                log.accept(String.format(Locale.ROOT, "%s class %d: box on %s=%d, propagated over slices %d..%d "
                        + "(%d segmented)", v.pair().name(), c, r.axis.label(), start, res.first(), res.last(),
                        res.segmentedSlices()));
            }
        }
    }

    /** The volume's spacing (x, y, z); a missing or non-positive value becomes 1 with a warning. */
    private static double[] spacing(NiftiImage image, String file, Consumer<String> log) {
        double[] s = image.spacing();
        double[] out = {1, 1, 1};
        for (int i = 0; i < 3; i++) {
            if (i < s.length && s[i] > 0 && Double.isFinite(s[i])) {
                out[i] = s[i];
            } else {
                log.accept("warning: " + file + ": voxel spacing along axis " + "xyz".charAt(i)
                        + " is missing or not positive; distances use 1");
            }
        }
        return out;
    }

    /** Class masks into one label map; a higher class wins where masks overlap. */
    static int[] combine(Map<Integer, boolean[]> pred, int length) {
        int[] labels = new int[length];
        pred.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            boolean[] m = e.getValue();
            for (int i = 0; i < length; i++) {
                if (m[i]) {
                    labels[i] = e.getKey();
                }
            }
        });
        return labels;
    }

    private static double meanDice(List<MetricsTable.Row> rows) {
        return rows.stream().mapToDouble(MetricsTable.Row::dice).filter(d -> !Double.isNaN(d)).average()
                .orElse(Double.NaN);
    }

    private static void writeMask(int[] labels, int w, int h, int numCls, Path file) throws IOException {
        if (numCls == 2) {
            boolean[] m = new boolean[labels.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = labels[i] > 0;
            }
            MaskFiles.writeBinary(m, w, h, file);
        } else {
            MaskFiles.writeLabels(labels, w, h, file);
        }
    }

    private static void writeOverlays(Path dir, OverlayPicker<OverlayCase> picker) throws IOException {
        Files.createDirectories(dir);
        writeOverlays(dir, "best", picker.best());
        writeOverlays(dir, "worst", picker.worst());
    }

    private static void writeOverlays(Path dir, String kind, List<OverlayPicker.Entry<OverlayCase>> entries)
            throws IOException {
        for (int i = 0; i < entries.size(); i++) {
            OverlayPicker.Entry<OverlayCase> e = entries.get(i);
            OverlayCase c = e.item();
            boolean[] p = new boolean[c.prediction().length];
            boolean[] t = new boolean[c.truth().length];
            for (int k = 0; k < p.length; k++) {
                p[k] = c.prediction()[k] > 0;
                t[k] = c.truth()[k] > 0;
            }
            java.awt.image.BufferedImage img = enlarge(Overlays.draw(c.image(), p, t, null));
            Path file = dir.resolve(String.format(Locale.ROOT, "%s_%d_%s.png", kind, i + 1,
                    e.name().replaceAll("[^A-Za-z0-9._-]", "_")));
            AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
        }
    }

    /**
     * Small slices (e.g. 35x51 voxels) are enlarged by an integer factor (nearest neighbour) to about 256 px. Pixel
     * copies, not Java2D: they work in a JVM that cannot draw (see {@link org.samtune.io.ChartFiles}).
     */
    static java.awt.image.BufferedImage enlarge(java.awt.image.BufferedImage img) {
        int f = Math.max(1, 256 / Math.max(img.getWidth(), img.getHeight()));
        if (f == 1) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(w * f, h * f,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w * f];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                java.util.Arrays.fill(row, x * f, (x + 1) * f, img.getRGB(x, y));
            }
            for (int k = 0; k < f; k++) {
                big.setRGB(0, y * f + k, w * f, 1, row, 0, w * f);
            }
        }
        return big;
    }

    private static Result writeResults(Request r, MetricsTable table, EvaluationData data, Consumer<String> log)
            throws IOException {
        table.write(r.out.resolve("metrics.csv"));
        List<SummaryStatistics.Group> summary = SummaryStatistics.summarize(table, r.bootstrapResamples, r.seed);
        SummaryStatistics.write(summary, r.out.resolve("summary.csv"));
        StringBuilder sb = new StringBuilder("case,image,mask,kind,message\n");
        List<String> problems = new ArrayList<>();
        for (EvaluationData.Problem p : data.problems) {
            sb.append(Csv.field(p.caseName())).append(',').append(Csv.field(p.image())).append(',')
                    .append(Csv.field(p.mask())).append(',').append(p.kind()).append(',')
                    .append(Csv.field(p.message().replace('\n', ' '))).append('\n');
            problems.add(p.toString());
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(r.out.resolve("problems.csv"), out -> out.write(bytes));
        List<String> models = r.models.stream().map(ModelSpec::name).toList();
        Set<Integer> classSet = new java.util.TreeSet<>();
        Map<String, Map<Integer, double[]>> dice = new LinkedHashMap<>();
        for (String m : models) {
            Map<Integer, List<Double>> perClass = new LinkedHashMap<>();
            for (MetricsTable.Row row : table.rows()) {
                if (row.model().equals(m) && !row.isVolume()) {
                    perClass.computeIfAbsent(row.cls(), k -> new ArrayList<>()).add(row.dice());
                    classSet.add(row.cls());
                }
            }
            Map<Integer, double[]> arrays = new LinkedHashMap<>();
            perClass.forEach((c, l) -> arrays.put(c, l.stream().mapToDouble(Double::doubleValue).toArray()));
            dice.put(m, arrays);
        }
        BoxPlot.write(models, new ArrayList<>(classSet), dice, "Dice per " + (data.volumes ? "slice" : "image")
                + " (" + r.prompt.name().toLowerCase(Locale.ROOT) + " prompts)", "Dice", r.out.resolve("dice_boxplot.png"), log);
        Result result = new Result(table, summary, problems, r.out);
        log.accept("wrote metrics.csv, summary.csv, problems.csv, dice_boxplot.png, predictions/, overlays/ in " + r.out);
        return result;
    }

    private static String stem(String path) {
        String f = path.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        int dot = f.lastIndexOf('.');
        return (dot > 0 ? f.substring(0, dot) : f).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String unique(Set<String> used, String name) {
        String n = name;
        for (int k = 2; !used.add(n); k++) {
            n = name + "_" + k;
        }
        return n;
    }
}
