package org.samtune.engine;

import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.eval.SummaryStatistics;
import org.samtune.model.PeftConfig;
import org.samtune.model.PeftTraining;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import org.samtune.train.Cancellation;
import org.samtune.train.EpochRecord;
import org.samtune.train.FineTuneModel;
import org.samtune.train.FineTuning;
import org.samtune.train.TargetSpec;
import org.samtune.train.TrainingConfig;
import org.samtune.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comparison of fine-tuning strategies on one data split: every {@link Strategy} is trained by {@link FineTuneJob}
 * with the same training/validation data, seed and budget into {@code OUT/<strategy name>/}; then one
 * {@link EvaluationJob} scores every trained model (and, when a base checkpoint is given, the base model itself
 * zero-shot, named {@value #ZERO_SHOT}) on the test data with the same prompt mode, into {@code OUT/evaluation/}.
 * The study's own outputs are {@code OUT/study.csv} ({@link StudyTable}: trainable parameters, training time and the
 * test Dice with its 95 % interval per class) and {@code OUT/study.png} ({@link StudyChart}).
 *
 * <p>A strategy that fails (an impossible combination, an architecture the checkpoint does not hold, running out of
 * memory) is recorded with its error and the others still run; the study fails only when its common inputs are
 * wrong. Each trained model is evaluated from its best validation checkpoint, or its last one without validation.
 */
public final class StudyJob {
    public static final String TABLE = "study.csv";
    public static final String CHART = "study.png";
    /** Sub-folder of the output with the EvaluationJob's files (metrics.csv, summary.csv, ...). */
    public static final String EVALUATION = "evaluation";
    /** Model name of the base checkpoint evaluated without fine-tuning. */
    public static final String ZERO_SHOT = "zero-shot";
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";
    /** Longest error text kept in study.csv. */
    static final int ERROR_CHARS = 300;

    private StudyJob() {}

    /** The study's choices; training settings apply to every strategy alike. */
    public static final class Request {
        public Path train;
        /** Validation data for early stopping and best-checkpoint selection (null: none, the last epoch counts). */
        public Path val;
        public Path test;
        /** List files: roots their image and mask paths are relative to (null: found next to each list). */
        public Path imageRoot;
        public Path maskRoot;
        public List<Strategy> strategies = new ArrayList<>();
        /** Base weights; null with {@link #fromScratch}. */
        public Path checkpoint;
        public boolean fromScratch;
        /** Architecture JSON: what ARCH {@value Strategy#BASE} means from scratch (or for an incomplete checkpoint). */
        public Path config;
        /** Every strategy's training settings; the prompt (none, box or point) and seed also serve the evaluation. */
        public TrainingOptions training = new TrainingOptions();
        public int bootstrapResamples = SummaryStatistics.DEFAULT_RESAMPLES;
        /** Best and worst overlays per model in the evaluation. */
        public int overlays = 3;
        public Path out;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int threads;
    }

    /** What one strategy's training gave. {@code training} and {@code checkpoint} are null unless it trained. */
    public record Outcome(Strategy strategy, String status, PeftTraining.ParameterCounts parameters,
                          double trainingSeconds, FineTuning.Result training, Path checkpoint,
                          ModelLoader.Options loader, String error) {
        public boolean ok() {
            return status.equals(OK);
        }
    }

    /** What the study wrote. {@code evaluation} is null when nothing was evaluated or the evaluation failed. */
    public record Result(List<Outcome> outcomes, List<StudyTable.Row> rows, EvaluationJob.Result evaluation,
                         String evaluationError, Path table, Path chart) {
        /** One line per row of study.csv. */
        public String summaryText() {
            StringBuilder sb = new StringBuilder();
            for (StudyTable.Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-32s %-9s %,12d trainable %8.1f s", r.name(), r.status(),
                        r.trainableParameters(), r.trainingSeconds()));
                r.dice().forEach((c, d) -> sb.append(String.format(Locale.ROOT, "  class %d Dice %.4f [%.4f, %.4f]",
                        c, d.mean(), d.ciLow(), d.ciHigh())));
                if (!r.error().isEmpty()) {
                    sb.append("  error: ").append(r.error());
                }
                sb.append('\n');
            }
            if (evaluationError != null) {
                sb.append("evaluation failed: ").append(evaluationError).append('\n');
            }
            return sb.append("study table ").append(table).append(", chart ").append(chart).toString();
        }
    }

    /**
     * The fine-tuning request of one strategy: the study's shared settings, the strategy's method and components,
     * and its architecture (ARCH base: the checkpoint's, or --config's; a preset: that preset, whose weights the
     * checkpoint must hold, or random weights from scratch). Fails for combinations that cannot be built.
     */
    public static FineTuneJob.Request fineTuneRequest(Request r, Strategy s) {
        FineTuneJob.Request ft = new FineTuneJob.Request();
        ft.train = r.train;
        ft.val = r.val;
        ft.imageRoot = r.imageRoot;
        ft.maskRoot = r.maskRoot;
        ft.checkpoint = r.checkpoint;
        ft.fromScratch = r.fromScratch;
        if (s.isBaseArch()) {
            if (r.checkpoint == null && r.config == null) {
                throw new IllegalArgumentException("strategy " + s + ": ARCH 'base' from scratch needs --config arch.json");
            }
            ft.config = r.config;
        } else {
            ft.arch = s.arch();
        }
        ft.method = s.method();
        ft.components = s.components();
        ft.training = r.training.copy();
        ft.out = r.out.resolve(s.name());
        ft.device = r.device;
        ft.threads = r.threads;
        return ft;
    }

    public static Result run(Request r, TrainingListener listener, Cancellation cancel) throws IOException {
        check(r);
        DjlRuntime.init(r.threads);
        Files.createDirectories(r.out);
        // the base checkpoint's architecture, read once: what ARCH 'base' means and the zero-shot model's size
        ArchitectureInfo baseInfo = null;
        if (r.checkpoint != null) {
            baseInfo = ArchitectureInference.infer(Checkpoints.read(r.checkpoint));
            listener.onMessage("study: base checkpoint " + r.checkpoint + ": " + baseInfo.describe());
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < r.strategies.size(); i++) {
            Strategy s = r.strategies.get(i);
            if (cancel.isCancelled()) {
                outcomes.add(new Outcome(s, SKIPPED, null, 0, null, null, null, "study cancelled before this strategy"));
                continue;
            }
            listener.onMessage(String.format(Locale.ROOT, "study: strategy %d/%d %s -> %s", i + 1, r.strategies.size(),
                    s, r.out.resolve(s.name())));
            outcomes.add(train(r, s, baseInfo, listener, cancel));
        }
        boolean cancelled = cancel.isCancelled();
        List<EvaluationJob.ModelSpec> models = new ArrayList<>();
        ModelLoader.Options baseLoader = null;
        if (r.checkpoint != null) {
            baseLoader = loaderOptions(r);
            if (r.config != null) {
                baseLoader.config = SamConfig.fromJson(r.config);
            }
            models.add(new EvaluationJob.ModelSpec(ZERO_SHOT, r.checkpoint, baseLoader));
        }
        for (Outcome o : outcomes) {
            if (o.ok()) {
                models.add(new EvaluationJob.ModelSpec(o.strategy().name(), o.checkpoint(), o.loader()));
            }
        }
        EvaluationJob.Result evaluation = null;
        String evaluationError = null;
        if (cancelled) {
            evaluationError = "study cancelled: nothing evaluated";
        } else if (outcomes.stream().noneMatch(Outcome::ok) && r.checkpoint == null) {
            evaluationError = "no strategy trained: nothing to evaluate";
        } else {
            EvaluationJob.Request ev = new EvaluationJob.Request();
            ev.models = models;
            ev.loader = loaderOptions(r);
            ev.data = r.test;
            ev.imageRoot = r.imageRoot;
            ev.maskRoot = r.maskRoot;
            ev.prompt = EvaluationJob.PromptMode.parse(r.training.prompt);
            ev.seed = r.training.seed;
            ev.numClasses = r.training.numClasses;
            ev.targets = TargetSpec.parse(r.training.targets);
            ev.bootstrapResamples = r.bootstrapResamples;
            ev.overlays = r.overlays;
            ev.out = r.out.resolve(EVALUATION);
            listener.onMessage("study: evaluating " + models.size() + " model(s) on " + r.test + " -> " + ev.out);
            try {
                evaluation = EvaluationJob.run(ev, listener::onMessage);
            } catch (IOException | RuntimeException e) {
                evaluationError = shorten(message(e));
                listener.onMessage("study: evaluation failed: " + evaluationError);
            }
        }
        List<StudyTable.Row> rows = new ArrayList<>();
        if (r.checkpoint != null) {
            rows.add(zeroShotRow(baseInfo, r, evaluation, evaluationError));
        }
        for (Outcome o : outcomes) {
            rows.add(row(o, evaluation, evaluationError));
        }
        Path table = r.out.resolve(TABLE);
        Path chart = r.out.resolve(CHART);
        StudyTable.write(rows, table);
        StudyChart.write(rows, String.format(Locale.ROOT, "Test Dice per strategy (%s prompts, seed %d, %d epochs)",
                r.training.prompt.toLowerCase(Locale.ROOT), r.training.seed, r.training.epochs), chart, listener::onMessage);
        listener.onMessage("study: wrote " + table + " and " + chart);
        return new Result(outcomes, rows, evaluation, evaluationError, table, chart);
    }

    private static void check(Request r) {
        if (r.strategies == null || r.strategies.isEmpty()) {
            throw new IllegalArgumentException("give at least one strategy (--strategies)");
        }
        if (r.fromScratch == (r.checkpoint != null)) {
            throw new IllegalArgumentException("Give exactly one of --checkpoint BASE.pth or --from-scratch");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("give an output folder (--out)");
        }
        for (Path p : new Path[] {r.train, r.test}) {
            if (p == null || !Files.exists(p)) {
                throw new IllegalArgumentException((p == r.train ? "--train " : "--test ") + p + " does not exist");
            }
        }
        if (r.val != null && !Files.exists(r.val)) {
            throw new IllegalArgumentException("--val " + r.val + " does not exist");
        }
        if (r.checkpoint != null && !Files.isRegularFile(r.checkpoint)) {
            throw new IllegalArgumentException("--checkpoint " + r.checkpoint + " is not a file");
        }
        if (r.config != null && !Files.isRegularFile(r.config)) {
            throw new IllegalArgumentException("--config " + r.config + " is not a file");
        }
        String p = r.training.prompt.strip().toLowerCase(Locale.ROOT);
        if (!p.equals("none") && !p.equals("box") && !p.equals("point")) {
            throw new IllegalArgumentException("--prompt must be none, box or point, got '" + r.training.prompt + "'");
        }
        TargetSpec.parse(r.training.targets);
        PeftConfig.parseBlocks(r.training.encoderBlocks);
        long distinct = r.strategies.stream().map(Strategy::name).distinct().count();
        if (distinct != r.strategies.size()) {
            throw new IllegalArgumentException("a strategy is listed twice");
        }
    }

    /** Trains one strategy; any failure becomes a failed outcome carrying its message. */
    private static Outcome train(Request r, Strategy s, ArchitectureInfo baseInfo, TrainingListener listener,
                                 Cancellation cancel) {
        PeftTraining.ParameterCounts counts = null;
        long start = System.nanoTime();
        try {
            FineTuneJob.Request ft = fineTuneRequest(r, s);
            TrainingConfig cfg = FineTuneJob.toConfig(ft);
            SamConfig arch = architecture(cfg, baseInfo);
            counts = PeftTraining.count(new Sam(arch, cfg.peftConfig()), cfg.peftConfig(), cfg.components());
            listener.onMessage("study: " + s + ": " + counts);
            // a best checkpoint left by an earlier study in this folder must not stand in for this run's
            Files.deleteIfExists(ft.out.resolve(FineTuning.BEST));
            start = System.nanoTime();
            FineTuning.Result res = FineTuneJob.run(ft, prefixed(s.name(), listener), cancel);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (res.cancelled()) {
                return new Outcome(s, CANCELLED, counts, seconds, res, null, null, "cancelled during training");
            }
            Path best = ft.out.resolve(FineTuning.BEST);
            Path ckpt = Files.isRegularFile(best) ? best : ft.out.resolve(FineTuning.LAST);
            if (!Files.isRegularFile(ckpt)) {
                throw new IOException("training wrote no checkpoint in " + ft.out);
            }
            ModelLoader.Options loader = loaderOptions(r);
            loader.config = arch; // as trained: num_cls outputs, finetune-SAM block order
            loader.preprocessing = InputPreprocessing.FINETUNE_SAM;
            listener.onMessage(String.format(Locale.ROOT, "study: %s trained in %.1f s (%d epochs, best validation "
                    + "Dice %.4f); evaluating %s", s, seconds, res.epochsCompleted(), res.bestDice(), ckpt.getFileName()));
            return new Outcome(s, OK, counts, seconds, res, ckpt, loader, "");
        } catch (Exception | OutOfMemoryError e) {
            String msg = message(e);
            listener.onMessage("study: strategy " + s + " failed: " + msg);
            return new Outcome(s, FAILED, counts, counts == null ? 0 : (System.nanoTime() - start) / 1e9, null, null,
                    null, shorten(msg));
        }
    }

    /** The architecture FineTuneModel builds for {@code cfg}, without reading the base checkpoint again. */
    static SamConfig architecture(TrainingConfig cfg, ArchitectureInfo baseInfo) {
        if (cfg.archConfig == null && cfg.arch.equalsIgnoreCase("auto")) {
            if (baseInfo == null) {
                throw new IllegalArgumentException("the architecture is inferred from the checkpoint, but none was given");
            }
            SamConfig sc = baseInfo.toSamConfig();
            sc.numMultimaskOutputs = cfg.numCls;
            sc.finetuneSamBlockOrder = true;
            return sc;
        }
        return FineTuneModel.architecture(cfg, null);
    }

    private static ModelLoader.Options loaderOptions(Request r) {
        ModelLoader.Options o = new ModelLoader.Options();
        o.device = r.device;
        o.threads = r.threads;
        return o;
    }

    private static StudyTable.Row row(Outcome o, EvaluationJob.Result evaluation, String evaluationError) {
        Strategy s = o.strategy();
        String level = "";
        Map<Integer, StudyTable.Dice> dice = Map.of();
        String error = o.error();
        if (o.ok()) {
            if (evaluation != null) {
                level = level(evaluation, s.name());
                dice = dice(evaluation, s.name(), level);
            } else {
                error = "evaluation: " + evaluationError;
            }
        }
        FineTuning.Result t = o.training();
        return new StudyTable.Row(s.token(), s.name(), s.method(), s.components(), o.status(),
                o.parameters() == null ? 0 : o.parameters().trainable, o.parameters() == null ? 0 : o.parameters().total,
                o.trainingSeconds(), t == null ? 0 : t.epochsCompleted(), t == null ? Double.NaN : t.bestDice(),
                level, dice, error);
    }

    private static StudyTable.Row zeroShotRow(ArchitectureInfo info, Request r, EvaluationJob.Result evaluation,
                                              String evaluationError) {
        long total = 0;
        String error = "";
        try {
            SamConfig sc = r.config != null ? SamConfig.fromJson(r.config) : info.toSamConfig();
            total = PeftTraining.count(new Sam(sc), PeftConfig.none(), PeftTraining.Components.DECODER).total;
        } catch (RuntimeException e) {
            error = message(e);
        }
        String level = "";
        Map<Integer, StudyTable.Dice> dice = Map.of();
        if (evaluation != null) {
            level = level(evaluation, ZERO_SHOT);
            dice = dice(evaluation, ZERO_SHOT, level);
        } else {
            error = "evaluation: " + evaluationError;
        }
        return new StudyTable.Row(ZERO_SHOT, ZERO_SHOT, "none", "", evaluation == null ? FAILED : OK, 0, total, 0, 0,
                Double.NaN, level, dice, error);
    }

    /** Whole volumes when the test set has them (3-D Dice), else images/slices. */
    private static String level(EvaluationJob.Result ev, String model) {
        boolean volumes = ev.summary.stream().anyMatch(g -> g.model().equals(model)
                && g.level().equals(SummaryStatistics.LEVEL_VOLUME));
        return volumes ? SummaryStatistics.LEVEL_VOLUME : SummaryStatistics.LEVEL_SLICE;
    }

    /** The model's Dice rows of summary.csv at {@code level}, by class. */
    static Map<Integer, StudyTable.Dice> dice(EvaluationJob.Result ev, String model, String level) {
        Map<Integer, StudyTable.Dice> out = new LinkedHashMap<>();
        for (SummaryStatistics.Group g : ev.summary) {
            if (g.model().equals(model) && g.level().equals(level) && g.metric().equals("dice")) {
                SummaryStatistics.Stats st = g.stats();
                out.put(g.cls(), new StudyTable.Dice(st.n(), st.mean(), st.ciLow(), st.ciHigh()));
            }
        }
        return out;
    }

    /** Long messages (a strict load lists every mismatched key) are cut for the table; the log has them whole. */
    static String shorten(String msg) {
        return msg.length() <= ERROR_CHARS ? msg : msg.substring(0, ERROR_CHARS) + " ... (see the log)";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }

    /** Forwards progress, with status lines prefixed by the strategy's name. */
    private static TrainingListener prefixed(String name, TrainingListener l) {
        return new TrainingListener() {
            @Override
            public void onIteration(int epoch, long iteration, long totalIterations, double loss, double lr, double eta) {
                l.onIteration(epoch, iteration, totalIterations, loss, lr, eta);
            }

            @Override
            public void onEpoch(EpochRecord record, double bestDice, int bestEpoch, double etaSeconds) {
                l.onEpoch(record, bestDice, bestEpoch, etaSeconds);
            }

            @Override
            public void onMessage(String message) {
                l.onMessage("[" + name + "] " + message);
            }
        };
    }
}
