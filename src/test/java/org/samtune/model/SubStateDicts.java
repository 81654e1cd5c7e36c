package org.samtune.model;

import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: the entries of a full SAM state dict under one submodule, with the prefix removed. */
final class SubStateDicts {
    private SubStateDicts() {}

    static StateDict under(StateDict sd, String prefix) {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return new StateDict(out, sd.source());
    }
}
