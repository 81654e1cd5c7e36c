package org.samtune.predict;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs an independent computation over rows 0..n-1 in blocks of rows, in parallel when the work is large
 * enough to pay for the hand-over (a multi-megapixel mask: a few ms on one core). Every row is computed
 * by the same code either way, so results do not depend on the split.
 */
final class RowBlocks {
    /** Below this many output values in all, one thread does it. */
    private static final long PARALLEL_MIN = 1L << 18;
    private static final int BLOCK_ROWS = 32;

    /** Rows [start, end) of one block, on one thread. */
    interface Block {
        void rows(int start, int end);
    }

    private RowBlocks() {}

    static void forEach(int n, int rowLength, IntConsumer row) {
        forEachBlock(n, rowLength, BLOCK_ROWS, (start, end) -> {
            for (int i = start; i < end; i++) {
                row.accept(i);
            }
        });
    }

    /** Blocks of {@code blockRows} rows (a block may keep per-block state, e.g. row caches). */
    static void forEachBlock(int n, int rowLength, int blockRows, Block block) {
        int blocks = (n + blockRows - 1) / blockRows;
        IntStream range = IntStream.range(0, blocks);
        if ((long) n * rowLength >= PARALLEL_MIN) {
            range = range.parallel();
        }
        range.forEach(b -> block.rows(b * blockRows, Math.min(n, (b + 1) * blockRows)));
    }
}
