package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a piece of forward code in its own {@link NDScope}: its temporaries are freed when it returns,
 * while what it returns (and, optionally, what it recorded in a sink) outlives that scope and, like
 * any op's result, belongs to the caller's scope, if there is one. Forgetting the second half lets
 * results escape every scope, which leaks native memory.
 */
public final class Scoped {
    private Scoped() {}

    public static NDArray keep(Supplier<NDArray> body) {
        return keep(null, body);
    }

    /** As {@link #keep(Supplier)}; every array {@code body} put in {@code sink} (may be null) is kept too. */
    public static NDArray keep(Map<String, NDArray> sink, Supplier<NDArray> body) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            out = body.get();
            NDScope.unregister(out);
            if (sink != null) {
                sink.values().forEach(NDScope::unregister);
            }
        }
        NDScope.register(out);
        if (sink != null) {
            sink.values().forEach(NDScope::register);
        }
        return out;
    }

    public static NDArray[] keepAll(Supplier<NDArray[]> body) {
        NDArray[] out;
        try (NDScope scope = new NDScope()) {
            out = body.get();
            NDScope.unregister(out);
        }
        for (NDArray a : out) {
            NDScope.register(a);
        }
        return out;
    }
}
