package org.samtune.train;

import ai.djl.ndarray.NDManager;
import org.samtune.checkpoint.PthWriter;
import org.samtune.checkpoint.StateDict;
import org.samtune.model.ModelWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A fine-tuning run: finetune-SAM's epoch loop around {@link Trainer#step}, with its validation and
 * checkpointing, plus what a desktop tool needs (resume, progress, cancellation).
 *
 * <ul>
 *   <li>Each epoch visits the training set in a seeded shuffled order, in batches of {@code b} (last
 *       batch smaller); the learning rate of step k is {@link LearningRateSchedule#lrForStep}(k).</li>
 *   <li>Every {@code val_freq} epochs (epoch % val_freq == 0, finetune-SAM: 2) the validation set is
 *       scored with finetune-SAM's Dice ({@link Trainer#evaluate}; per-batch means averaged over the
 *       batches, §6.1). A better score writes checkpoint_best.pth; a validation more than
 *       {@code patience} epochs after the best stops the run (finetune-SAM's early stop).</li>
 *   <li>After every epoch: checkpoint_last.pth (the full state dict), training_state.pth (model +
 *       optimizer + counters, {@link TrainingState}), training_log.csv and training_curve.png, all
 *       replaced atomically. args.json is written when a run starts.</li>
 *   <li>Resume continues after the last completed epoch of training_state.pth with the saved settings,
 *       optimizer state and schedule; data order and augmentation depend only on (seed, epoch, index),
 *       so the result equals an uninterrupted run.</li>
 *   <li>Cancellation is checked before each step; the files of the last completed epoch stay.</li>
 *   <li>With a frozen encoder and {@code cache_embeddings}, embeddings come from a
 *       {@link FrozenEncoderCache}.</li>
 * </ul>
 */
public final class FineTuning {
    public static final String BEST = "checkpoint_best.pth";
    public static final String LAST = "checkpoint_last.pth";
    public static final String ARGS = "args.json";
    public static final String LOG = "training_log.csv";
    public static final String CURVE = "training_curve.png";

    /** How a run ended. */
    public record Result(Path outDir, int epochsCompleted, long iterations, double bestDice, int bestEpoch,
                         boolean cancelled, boolean earlyStopped, List<EpochRecord> history) {}

    private final Trainer trainer;
    private final NDManager manager;
    private final TrainingDataset train;
    private final TrainingDataset val;
    private final Path outDir;
    private TrainingListener listener = new TrainingListener() {};
    private Cancellation cancellation = new Cancellation();

    /**
     * @param manager manager of the model's weights (per-iteration managers are its children)
     * @param val validation data, or null (no validation, no checkpoint_best.pth, no early stop)
     */
    public FineTuning(Trainer trainer, NDManager manager, TrainingDataset train, TrainingDataset val, Path outDir) {
        this.trainer = trainer;
        this.manager = manager;
        this.train = train;
        this.val = val;
        this.outDir = outDir;
        if (train.size() == 0) {
            throw new IllegalArgumentException("The training set is empty");
        }
    }

    public FineTuning listener(TrainingListener l) {
        this.listener = l;
        return this;
    }

    public FineTuning cancellation(Cancellation c) {
        this.cancellation = c;
        return this;
    }

    /** Steps per epoch: ceil(training samples / b). */
    public int iterationsPerEpoch() {
        int b = trainer.config().b;
        return (train.size() + b - 1) / b;
    }

    /** Starts a new run (args.json written first, as finetune-SAM does). */
    public Result run() throws IOException {
        Files.createDirectories(outDir);
        trainer.config().write(outDir.resolve(ARGS));
        return loop(0, 0, 0.0, 0, new ArrayList<>());
    }

    /**
     * Continues the run saved in {@code outDir}/training_state.pth: its weights and optimizer state are
     * loaded into the trainer's model. The trainer must have been built with the saved settings
     * ({@link TrainingState#config()}); the epoch count may be larger than before (the schedule then
     * follows the new count, as a fresh run with that count would).
     */
    public Result resume() throws IOException {
        Path file = outDir.resolve(TrainingState.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("Cannot resume: " + file + " does not exist (no epoch of this run was completed)");
        }
        TrainingState st = TrainingState.read(file);
        checkResumable(st.config(), trainer.config());
        ModelWeights.load(trainer.model(), st.model(), manager);
        st.restoreOptimizer(trainer.optimizer(), manager);
        listener.onMessage("Resuming after epoch " + st.epoch() + " (" + st.iteration() + " iterations done)");
        return loop(st.epoch() + 1, st.iteration(), st.bestDice(), st.bestEpoch(), new ArrayList<>(st.history()));
    }

    private static void checkResumable(TrainingConfig saved, TrainingConfig now) {
        TrainingConfig a = saved.copy();
        TrainingConfig b = now.copy();
        a.epochs = b.epochs; // may be extended
        if (!a.toJson().equals(b.toJson())) {
            List<String> diff = new ArrayList<>();
            a.toJson().entrySet().forEach(e -> {
                if (!e.getValue().equals(b.toJson().get(e.getKey()))) {
                    diff.add(e.getKey() + ": saved " + e.getValue() + ", now " + b.toJson().get(e.getKey()));
                }
            });
            throw new IllegalArgumentException("Cannot resume with different settings: " + String.join("; ", diff));
        }
    }

    private Result loop(int startEpoch, long startIteration, double bestDice, int bestEpoch, List<EpochRecord> history)
            throws IOException {
        TrainingConfig cfg = trainer.config();
        int perEpoch = iterationsPerEpoch();
        long total = (long) cfg.epochs * perEpoch;
        LearningRateSchedule schedule = cfg.schedule(perEpoch);
        boolean cache = trainer.encoderFrozen() && cfg.cacheEmbeddings;
        int views = cfg.augment ? cfg.cacheViews : 1;
        long iteration = startIteration;
        long runStartIteration = startIteration;
        long t0 = System.nanoTime();
        boolean early = false;
        int epoch = startEpoch;
        try (FrozenEncoderCache trainCache = cache ? new FrozenEncoderCache(trainer, train, views, cfg.b, manager) : null;
             FrozenEncoderCache valCache = cache && val != null ? new FrozenEncoderCache(trainer, val, 1, cfg.b, manager) : null) {
            for (; epoch < cfg.epochs; epoch++) {
                if (trainCache != null && !trainCache.has(trainCache.viewOf(epoch))) {
                    listener.onMessage(String.format(Locale.ROOT, "Computing image embeddings (view %d of %d, %d images)",
                            trainCache.viewOf(epoch) + 1, views, train.size()));
                }
                double lossSum = 0;
                int steps = 0;
                double lr = schedule.lrForStep(iteration);
                for (int[] idx : train.batches(epoch, cfg.b, true)) {
                    if (cancellation.isCancelled()) {
                        listener.onMessage("Cancelled during epoch " + epoch + "; the files of the last completed epoch are kept");
                        return new Result(outDir, epoch, iteration, bestDice, bestEpoch, true, false,
                                Collections.unmodifiableList(history));
                    }
                    lr = schedule.lrForStep(iteration);
                    Trainer.StepResult r;
                    try (NDManager sub = manager.newSubManager()) {
                        TrainingInput in = trainCache != null ? trainCache.batch(sub, idx, trainCache.viewOf(epoch))
                                : TrainingInput.of(TrainingBatch.collate(sub, load(train, idx, epoch)));
                        r = trainer.step(in, epoch, iteration, lr);
                    }
                    lossSum += r.loss();
                    steps++;
                    iteration++;
                    listener.onIteration(epoch, iteration - 1, total, r.loss(), lr,
                            eta(t0, iteration - runStartIteration, total - iteration));
                }
                double valDice = Double.NaN;
                double valLoss = Double.NaN;
                StateDict weights = ModelWeights.export(trainer.model());
                if (val != null && val.size() > 0 && epoch % cfg.valFreq == 0) {
                    double[] v = validate(valCache);
                    valDice = v[0];
                    valLoss = v[1];
                    if (valDice > bestDice) {
                        bestDice = valDice;
                        bestEpoch = epoch;
                        PthWriter.write(weights, outDir.resolve(BEST));
                    } else if (epoch - bestEpoch > cfg.patience) {
                        early = true;
                    }
                }
                EpochRecord rec = new EpochRecord(epoch, iteration, lossSum / steps, lr, valDice, valLoss);
                history.add(rec);
                PthWriter.write(weights, outDir.resolve(LAST));
                TrainingState.write(outDir.resolve(TrainingState.FILE), weights, trainer.optimizer(), epoch, iteration,
                        bestDice, bestEpoch, cfg, history);
                TrainingLog.write(history, outDir.resolve(LOG));
                TrainingCurve.write(history, outDir.resolve(CURVE), listener::onMessage);
                listener.onEpoch(rec, bestDice, bestEpoch, eta(t0, iteration - runStartIteration, total - iteration));
                if (early) {
                    listener.onMessage(String.format(Locale.ROOT, "Early stop after epoch %d: no better validation Dice "
                            + "for more than %d epochs (best %.4f at epoch %d)", epoch, cfg.patience, bestDice, bestEpoch));
                    epoch++;
                    break;
                }
            }
        }
        return new Result(outDir, epoch, iteration, bestDice, bestEpoch, false, early, Collections.unmodifiableList(history));
    }

    /** {mean Dice, mean loss} over the validation batches (finetune-SAM: each batch weighs the same). */
    private double[] validate(FrozenEncoderCache valCache) throws IOException {
        int b = trainer.config().b;
        double diceSum = 0;
        double lossSum = 0;
        int batches = 0;
        for (int[] idx : val.batches(0, b, false)) {
            try (NDManager sub = manager.newSubManager()) {
                TrainingInput in = valCache != null ? valCache.batch(sub, idx, 0)
                        : TrainingInput.of(TrainingBatch.collate(sub, load(val, idx, 0)));
                Trainer.EvalResult r = trainer.evaluate(in);
                diceSum += r.batchDice();
                lossSum += r.loss();
                batches++;
            }
        }
        return new double[] {diceSum / batches, lossSum / batches};
    }

    private static List<TrainingSample> load(TrainingDataset ds, int[] idx, int epoch) throws IOException {
        List<TrainingSample> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(ds.get(i, epoch));
        }
        return out;
    }

    private static double eta(long t0, long done, long remaining) {
        if (done <= 0) {
            return Double.NaN;
        }
        double perStep = (System.nanoTime() - t0) / 1e9 / done;
        return perStep * Math.max(0, remaining);
    }
}
