package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;

/**
 * Inference over a (B, H, W, C) grid in horizontal bands of output rows, concatenated along H. Used
 * where a stage's intermediates would otherwise be tens of MB: glibc serves blocks of 32 MiB and more
 * with fresh mmaps (faulted in, zeroed and returned on every allocation), and smaller bands also stay
 * in cache between the element-wise passes. Each band's temporaries are freed before the next band.
 */
final class RowBands {
    /** Computes output rows [r0, r1) of the result: (B, r1 - r0, W', C'). */
    interface Band {
        NDArray rows(long r0, long r1);
    }

    private RowBands() {}

    /**
     * @param outputRows H' of the result
     * @param bandRows output rows per band
     * @param owner the manager the result is attached to is owner's
     */
    static NDArray compute(long outputRows, long bandRows, NDArray owner, Band band) {
        NDList parts = new NDList();
        try {
            for (long r0 = 0; r0 < outputRows; r0 += bandRows) {
                long r1 = Math.min(outputRows, r0 + bandRows);
                NDArray part;
                try (NDScope scope = new NDScope()) {
                    part = band.rows(r0, r1);
                    NDScope.unregister(part);
                }
                part.attach(owner.getManager());
                parts.add(part);
            }
            return parts.size() == 1 ? parts.remove(0) : NDArrays.concat(parts, 1);
        } finally {
            parts.close();
        }
    }
}
