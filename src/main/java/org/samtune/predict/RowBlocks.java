package org.samtune.predict;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs an independent per-row computation over rows 0..n-1, in parallel blocks when the work is large
 * enough to pay for the hand-over (the upscaling of a mask to a multi-megapixel image: a few ms on one
 * core). Every row is computed by the same code either way, so results do not depend on the split.
 */
final class RowBlocks {
    /** Below this many output values in all, one thread does it. */
    private static final long PARALLEL_MIN = 1L << 18;
    private static final int BLOCK_ROWS = 32;

    private RowBlocks() {}

    static void forEach(int n, int rowLength, IntConsumer row) {
        if ((long) n * rowLength < PARALLEL_MIN) {
            for (int i = 0; i < n; i++) {
                row.accept(i);
            }
            return;
        }
        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int end = Math.min(n, (b + 1) * BLOCK_ROWS);
            for (int i = b * BLOCK_ROWS; i < end; i++) {
                row.accept(i);
            }
        });
    }
}
