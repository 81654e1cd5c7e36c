package org.samtune.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered name-to-tensor map as in PyTorch's {@code state_dict()}, remembering which file it came from. */
public final class StateDict {
    private final LinkedHashMap<String, HostTensor> tensors;
    private final Path source;

    public StateDict(Map<String, HostTensor> tensors, Path source) {
        this.tensors = new LinkedHashMap<>(tensors);
        this.source = source;
    }

    public Map<String, HostTensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    public HostTensor get(String key) {
        return tensors.get(key);
    }

    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** The file this state dict was read from, or null when it was built in memory. */
    public Path source() {
        return source;
    }

    public String sourceName() {
        return source == null ? "<in memory>" : source.toString();
    }

    public int size() {
        return tensors.size();
    }
}
