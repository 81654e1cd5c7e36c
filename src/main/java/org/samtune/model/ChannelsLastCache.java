package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Contiguous channels-last copies (B, HW, C) of (B, C, H, W) tensors that inference passes again and
 * again: SamPredictor gives the decoder the same image embedding and dense positional encoding for
 * every prompt, and the transposing copy costs ~5 ms each on a 64x64x256 map. A copy lives in its
 * source's manager and is closed once the source has been closed (checked at every call), so it never
 * outlives the tensor it mirrors for long. Only for inference: the copy does not record autograd.
 */
final class ChannelsLastCache {
    private final List<NDArray[]> entries = new ArrayList<>(); // {source, copy}

    synchronized NDArray get(NDArray source) {
        NDArray found = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            NDArray[] e = entries.get(i);
            if (e[0].isReleased() || e[1].isReleased()) {
                if (!e[1].isReleased()) {
                    e[1].close();
                }
                entries.remove(i);
            } else if (e[0] == source) {
                found = e[1];
            }
        }
        if (found == null) {
            try (NDScope scope = new NDScope()) {
                found = of(source);
                NDScope.unregister(found);
            }
            found.attach(source.getManager());
            entries.add(new NDArray[] {source, found});
        }
        return found;
    }

    /** (B, C, H, W) -> contiguous (B, HW, C). */
    static NDArray of(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), hw = s.get(2) * s.get(3);
        // flattening a transposed view cannot be a view, so this reshape copies into row-major order
        return x.reshape(b, c, hw).transpose(0, 2, 1).reshape(b, hw * c).reshape(b, hw, c);
    }
}
