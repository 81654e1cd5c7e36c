package org.samtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.samtune.model.ModelWeights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW exactly as torch.optim.AdamW (torch 1.13, single-tensor path, amsgrad off):
 * decoupled decay {@code p ← p·(1 − lr·wd)}, moments {@code m ← β1·m + (1−β1)·g},
 * {@code v ← β2·v + (1−β2)·g²}, then {@code p ← p − (lr/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + ε)}. Scalars
 * are computed in double like Python floats. A parameter whose gradient is None (not in the graph
 * this step) is skipped entirely, decay included, as PyTorch does; each update installs a fresh
 * parameter tensor, which also resets gradients to None ({@code zero_grad(set_to_none=True)}).
 */
public final class AdamW implements AutoCloseable {
    public double beta1 = 0.9;
    public double beta2 = 0.999;
    public double eps = 1e-8;
    public double weightDecay = 0.1;

    /** Optimizer state of one parameter: moments and its own step count. */
    public static final class State {
        public NDArray expAvg;
        public NDArray expAvgSq;
        public long step;
    }

    private final NDManager manager;
    private final Map<String, State> states = new LinkedHashMap<>();

    public AdamW(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public Map<String, State> states() {
        return states;
    }

    /** Restores state (e.g. on resume); arrays are copied into this optimizer's manager. */
    public void restore(String name, NDArray expAvg, NDArray expAvgSq, long step) {
        State s = new State();
        s.expAvg = expAvg.duplicate();
        s.expAvg.attach(manager);
        s.expAvgSq = expAvgSq.duplicate();
        s.expAvgSq.attach(manager);
        s.step = step;
        State old = states.put(name, s);
        closeState(old);
    }

    /**
     * One update of every trainable parameter that has a gradient.
     *
     * @return the number of parameters updated
     */
    public int step(Map<String, Parameter> trainable, double lr) {
        int updated = 0;
        for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
            NDArray p = e.getValue().getArray();
            NDArray grad = gradientOrNull(p);
            if (grad == null) {
                continue;
            }
            State s = states.computeIfAbsent(e.getKey(), k -> {
                State n = new State();
                n.expAvg = manager.zeros(p.getShape());
                n.expAvgSq = manager.zeros(p.getShape());
                return n;
            });
            s.step++;
            double bc1 = 1 - Math.pow(beta1, s.step);
            double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
            double stepSize = lr / bc1;
            try (NDScope scope = new NDScope()) {
                NDArray m = s.expAvg.mul((float) beta1).add(grad.mul((float) (1 - beta1)));
                NDArray v = s.expAvgSq.mul((float) beta2).add(grad.mul(grad).mul((float) (1 - beta2)));
                NDArray denom = v.sqrt().div((float) bc2Sqrt).add((float) eps);
                NDArray next = p.mul((float) (1 - lr * weightDecay)).sub(m.div(denom).mul((float) stepSize));
                NDArray fresh = next.duplicate(); // a new leaf tensor: no graph, gradient None
                NDScope.unregister(m, v, fresh);
                m.attach(manager);
                v.attach(manager);
                s.expAvg.close();
                s.expAvgSq.close();
                s.expAvg = m;
                s.expAvgSq = v;
                fresh.attach(p.getManager());
                ModelWeights.set(e.getValue(), fresh);
            }
            grad.close();
            updated++;
        }
        return updated;
    }

    /** The gradient PyTorch accumulated, or null when the tensor took no part in the backward pass. */
    static NDArray gradientOrNull(NDArray p) {
        if (!(p instanceof PtNDArray) || !p.hasGradient()) {
            return null;
        }
        return JniUtils.getGradient((PtNDArray) p);
    }

    private static void closeState(State s) {
        if (s != null) {
            s.expAvg.close();
            s.expAvgSq.close();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
