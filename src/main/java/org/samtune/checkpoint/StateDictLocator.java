package org.samtune.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the state dict inside a loaded checkpoint object: the top-level dict itself, or the nested
 * dict holding the most tensors ({"model": sd}, {"state_dict": sd, "epoch": 3}, ...). Non-tensor
 * entries of the chosen dict are dropped.
 */
final class StateDictLocator {
    private StateDictLocator() {}

    static Map<String, HostTensor> locate(Object root) {
        Map<?, ?> best = bestMap(root);
        if (best == null) {
            return null;
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : best.entrySet()) {
            if (e.getValue() instanceof HostTensor) {
                out.put(String.valueOf(e.getKey()), (HostTensor) e.getValue());
            }
        }
        return out;
    }

    private static Map<?, ?> bestMap(Object o) {
        if (!(o instanceof Map)) {
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Map<?, ?> best = m;
        int bestCount = countTensors(m);
        for (Object v : m.values()) {
            Map<?, ?> inner = bestMap(v);
            if (inner != null) {
                int c = countTensors(inner);
                if (c > bestCount) {
                    best = inner;
                    bestCount = c;
                }
            }
        }
        return bestCount == 0 ? null : best;
    }

    private static int countTensors(Map<?, ?> m) {
        int n = 0;
        for (Object v : m.values()) {
            if (v instanceof HostTensor) {
                n++;
            }
        }
        return n;
    }
}
