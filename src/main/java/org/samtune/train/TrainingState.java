package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.samtune.checkpoint.CheckpointException;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.PthWriter;
import org.samtune.checkpoint.StateDict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs to continue exactly where its last completed epoch ended: training_state.pth, a
 * torch.save-compatible dict
 * <pre>
 * {"model": OrderedDict(state_dict),
 *  "optimizer": {name: {"exp_avg": tensor, "exp_avg_sq": tensor, "step": int}},
 *  "epoch": last completed epoch (0-based), "iteration": steps done,
 *  "best_dice": float, "best_epoch": int, "seed": int,
 *  "config": {args.json's content}, "history": [{epoch, iteration, loss, lr, val_dice, val_loss}, ...]}
 * </pre>
 * The data order and augmentation are functions of (seed, epoch, index), so together with this the
 * next epoch runs as it would have without the interruption.
 */
public record TrainingState(StateDict model, Map<String, Long> optimizerSteps, Map<String, HostTensor[]> moments,
                            int epoch, long iteration, double bestDice, int bestEpoch, long seed,
                            TrainingConfig config, List<EpochRecord> history) {

    public static final String FILE = "training_state.pth";

    /** Writes the state atomically. */
    public static void write(Path file, StateDict model, AdamW optimizer, int epoch, long iteration, double bestDice,
            int bestEpoch, TrainingConfig config, List<EpochRecord> history) {
        Map<String, Object> opt = new LinkedHashMap<>();
        for (Map.Entry<String, AdamW.State> e : optimizer.states().entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("exp_avg", HostTensor.of(e.getValue().expAvg));
            s.put("exp_avg_sq", HostTensor.of(e.getValue().expAvgSq));
            s.put("step", e.getValue().step);
            opt.put(e.getKey(), s);
        }
        List<Object> hist = new ArrayList<>();
        for (EpochRecord r : history) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", r.epoch());
            h.put("iteration", r.iteration());
            h.put("loss", r.loss());
            h.put("lr", r.lr());
            h.put("val_dice", r.valDice());
            h.put("val_loss", r.valLoss());
            hist.add(h);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model);
        root.put("optimizer", opt);
        root.put("epoch", epoch);
        root.put("iteration", iteration);
        root.put("best_dice", bestDice);
        root.put("best_epoch", bestEpoch);
        root.put("seed", config.seed);
        root.put("config", config.toMap());
        root.put("history", hist);
        PthWriter.writeObject(root, file);
    }

    /** Reads a state written by {@link #write}; fails with a clear message on anything else. */
    public static TrainingState read(Path file) {
        Object root = PthReader.readObject(file);
        if (!(root instanceof Map)) {
            throw new CheckpointException(file + " is not a training state (expected a dict)");
        }
        Map<?, ?> m = (Map<?, ?>) root;
        for (String k : new String[] {"model", "optimizer", "epoch", "iteration", "config"}) {
            if (!m.containsKey(k)) {
                throw new CheckpointException(file + " is not a SAM Tune training state: no '" + k + "' entry");
            }
        }
        LinkedHashMap<String, HostTensor> sd = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("model")).entrySet()) {
            sd.put(String.valueOf(e.getKey()), (HostTensor) e.getValue());
        }
        Map<String, HostTensor[]> moments = new LinkedHashMap<>();
        Map<String, Long> steps = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("optimizer")).entrySet()) {
            Map<?, ?> s = (Map<?, ?>) e.getValue();
            String name = String.valueOf(e.getKey());
            moments.put(name, new HostTensor[] {(HostTensor) s.get("exp_avg"), (HostTensor) s.get("exp_avg_sq")});
            steps.put(name, ((Number) s.get("step")).longValue());
        }
        List<EpochRecord> history = new ArrayList<>();
        Object h = m.get("history");
        if (h instanceof List) {
            for (Object o : (List<?>) h) {
                Map<?, ?> r = (Map<?, ?>) o;
                history.add(new EpochRecord(num(r, "epoch").intValue(), num(r, "iteration").longValue(),
                        num(r, "loss").doubleValue(), num(r, "lr").doubleValue(), num(r, "val_dice").doubleValue(),
                        num(r, "val_loss").doubleValue()));
            }
        }
        TrainingConfig cfg = TrainingConfig.fromMap((Map<?, ?>) m.get("config"));
        return new TrainingState(new StateDict(sd, file), steps, moments, num(m, "epoch").intValue(),
                num(m, "iteration").longValue(), num(m, "best_dice").doubleValue(), num(m, "best_epoch").intValue(),
                num(m, "seed").longValue(), cfg, history);
    }

    /** Puts the saved moments and step counts into {@code optimizer}. */
    public void restoreOptimizer(AdamW optimizer, NDManager manager) {
        for (Map.Entry<String, HostTensor[]> e : moments.entrySet()) {
            try (NDManager tmp = manager.newSubManager()) {
                NDArray avg = e.getValue()[0].toFloat32(tmp);
                NDArray sq = e.getValue()[1].toFloat32(tmp);
                optimizer.restore(e.getKey(), avg, sq, optimizerSteps.get(e.getKey()));
            }
        }
    }

    private static Number num(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number)) {
            throw new CheckpointException("training state entry '" + k + "' is missing or not a number: " + v);
        }
        return (Number) v;
    }
}
