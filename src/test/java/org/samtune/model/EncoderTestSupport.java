package org.samtune.model;

import ai.djl.ndarray.NDArray;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by the encoder tests. */
final class EncoderTestSupport {
    private EncoderTestSupport() {}

    /** The entries whose key starts with prefix, with the prefix removed (like loading a submodule's state dict). */
    static StateDict subDict(StateDict sd, String prefix) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return new StateDict(out, sd.source());
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
