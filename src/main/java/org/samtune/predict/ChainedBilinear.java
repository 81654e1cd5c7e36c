package org.samtune.predict;

/**
 * torch's bilinear resize (align_corners=False, no antialiasing) on float planes, with the arithmetic of
 * its CPU kernels ({@link TorchBilinear.CpuKernel}), computed output row by output row: one resize
 * ({@link #resizeCropped}), or two in a row, the first one cropped (SAM's postprocess_masks: low-res
 * logits -> model input, cropped to the resized image -> original size; {@link #resize}).
 *
 * <p>Two resizes give bit-identical values to one resize after the other: every value is computed by the
 * same float operations in the same order. What changes is the schedule. Done one whole step after the
 * other, a 1333 x 1000 original meant a 3 MB intermediate plane and a 4 MB row-interpolated plane going
 * through memory between the passes; here each output row pulls the few intermediate rows it needs
 * through small row caches, which stay in L1/L2. Blocks of output rows run in parallel, each with its
 * own caches (a block recomputes the one or two intermediate rows it shares with its neighbour).
 */
final class ChainedBilinear {
    /** Output rows per parallel block (each block recomputes an intermediate row or two). */
    private static final int BLOCK_ROWS = 64;

    private ChainedBilinear() {}

    /** Rows of an image, requested by one thread in non-decreasing order (up to one step back). */
    private interface Rows {
        float[] row(int y);
    }

    /**
     * @param src the plane at {@code src[offset .. offset + h*w)}, row-major
     * @param fullH first resize's full output height (the model input, before the crop)
     * @param keepH first resize's kept (cropped) height; likewise the widths
     * @param first the torch kernel of the first resize; {@code second} that of the second
     * @return outH x outW, row-major
     */
    static float[] resize(float[] src, int offset, int h, int w, int fullH, int fullW, int keepH, int keepW,
            TorchBilinear.CpuKernel first, int outH, int outW, TorchBilinear.CpuKernel second) {
        float[] out = new float[Math.multiplyExact(outH, outW)];
        run(src, offset, w, outH, twoSteps(h, w, fullH, fullW, keepH, keepW, first, outH, outW, second),
                (step, d) -> step.compute(d, out, d * outW));
        return out;
    }

    /**
     * One resize, cropped: the plane at {@code src[offset .. offset + h*w)} resized to fullH x fullW, its
     * top-left keepH x keepW part, row-major (what {@link TorchBilinear#resizeCropped(float[], int, int,
     * int, int, int, int, int, TorchBilinear.CpuKernel)} returns).
     */
    static float[] resizeCropped(float[] src, int offset, int h, int w, int fullH, int fullW, int keepH, int keepW,
            TorchBilinear.CpuKernel kernel) {
        checkCrop(fullH, fullW, keepH, keepW);
        float[] out = new float[Math.multiplyExact(keepH, keepW)];
        Stage only = new Stage(TorchBilinear.axis(h, fullH), TorchBilinear.axis(w, fullW), keepW, kernel);
        run(src, offset, w, keepH, new Stage[] {only}, (step, d) -> step.compute(d, out, d * keepW));
        return out;
    }

    /**
     * As {@link #resize}, thresholded: {@code value > threshold} for every output value, without
     * materialising the float plane (a 1333 x 1000 mask needs 1.3 MB instead of 5.3 + 1.3 MB).
     */
    static boolean[] resizeAndThreshold(float[] src, int offset, int h, int w, int fullH, int fullW, int keepH, int keepW,
            TorchBilinear.CpuKernel first, int outH, int outW, TorchBilinear.CpuKernel second, float threshold) {
        boolean[] out = new boolean[Math.multiplyExact(outH, outW)];
        ThreadLocal<float[]> rows = ThreadLocal.withInitial(() -> new float[outW]);
        run(src, offset, w, outH, twoSteps(h, w, fullH, fullW, keepH, keepW, first, outH, outW, second), (step, d) -> {
            float[] row = rows.get();
            step.compute(d, row, 0);
            int o = d * outW;
            for (int x = 0; x < outW; x++) {
                out[o + x] = row[x] > threshold;
            }
        });
        return out;
    }

    /** One resize step: its per-axis taps, the output width it computes (after a crop), its torch kernel. */
    private record Stage(TorchBilinear.Axis ay, TorchBilinear.Axis ax, int width, TorchBilinear.CpuKernel kernel) {}

    private static Stage[] twoSteps(int h, int w, int fullH, int fullW, int keepH, int keepW,
            TorchBilinear.CpuKernel first, int outH, int outW, TorchBilinear.CpuKernel second) {
        checkCrop(fullH, fullW, keepH, keepW);
        return new Stage[] {
            new Stage(TorchBilinear.axis(h, fullH), TorchBilinear.axis(w, fullW), keepW, first),
            new Stage(TorchBilinear.axis(keepH, outH), TorchBilinear.axis(keepW, outW), outW, second)
        };
    }

    private static void checkCrop(int fullH, int fullW, int keepH, int keepW) {
        if (keepH > fullH || keepW > fullW || keepH <= 0 || keepW <= 0) {
            throw new IllegalArgumentException("Crop " + keepH + "x" + keepW + " must lie inside " + fullH + "x" + fullW);
        }
    }

    /** What a block does with output row d of the last step. */
    private interface RowSink {
        void accept(Step step, int d);
    }

    /** Output rows 0..outH-1 of the last stage, in parallel blocks, each block with its own row caches. */
    private static void run(float[] src, int offset, int w, int outH, Stage[] stages, RowSink sink) {
        RowBlocks.forEachBlock(outH, stages[stages.length - 1].width(), BLOCK_ROWS, (start, end) -> {
            Rows rows = new CachedRows((y, dst, o) -> System.arraycopy(src, offset + y * w, dst, o, w), w);
            Step step = null;
            for (Stage stage : stages) {
                if (step != null) {
                    rows = new CachedRows(step, step.width);
                }
                step = new Step(rows, stage.ay(), stage.ax(), stage.width(), stage.kernel());
            }
            for (int d = start; d < end; d++) {
                sink.accept(step, d);
            }
        });
    }

    /**
     * The last two rows produced (by a {@link Step}, or copied from the source plane): consumers ask for
     * rows i0 <= i1 and use both, so the slot returned last is never overwritten by the next request.
     */
    private static final class CachedRows implements Rows {
        private final RowFunction producer;
        private final int[] keys = {-1, -1};
        private final float[][] rows;
        private int newest;

        interface RowFunction {
            void compute(int y, float[] dst, int offset);
        }

        CachedRows(RowFunction producer, int width) {
            this.producer = producer;
            this.rows = new float[2][width];
        }

        @Override
        public float[] row(int y) {
            if (keys[newest] == y) {
                return rows[newest];
            }
            int other = 1 - newest;
            if (keys[other] == y) {
                newest = other;
                return rows[other];
            }
            // replace the slot not returned last: the caller may still hold the newest row
            producer.compute(y, rows[other], 0);
            keys[other] = y;
            newest = other;
            return rows[other];
        }
    }

    /**
     * One resize step as a row producer, with the arithmetic of torch's kernels (see
     * {@link TorchBilinear.CpuKernel}): GENERIC interpolates each source row horizontally (cached) and
     * blends two of them with an fma; CHANNELS_LAST sums the four weighted taps in double.
     */
    private static final class Step implements CachedRows.RowFunction {
        private final Rows in;
        private final TorchBilinear.Axis ay;
        private final TorchBilinear.Axis ax;
        private final int width;
        private final TorchBilinear.CpuKernel kernel;
        private final CachedRows horizontal;

        Step(Rows in, TorchBilinear.Axis ay, TorchBilinear.Axis ax, int width, TorchBilinear.CpuKernel kernel) {
            this.in = in;
            this.ay = ay;
            this.ax = ax;
            this.width = width;
            this.kernel = kernel;
            this.horizontal = kernel == TorchBilinear.CpuKernel.GENERIC ? new CachedRows(this::horizontalRow, width) : null;
        }

        /** Source row y interpolated along x: {@code fma(s[i0], w0, s[i1] * w1)}. */
        private void horizontalRow(int y, float[] dst, int offset) {
            float[] s = in.row(y);
            int[] i0 = ax.index0;
            int[] i1 = ax.index1;
            float[] l0 = ax.lambda0;
            float[] l1 = ax.lambda1;
            for (int x = 0; x < width; x++) {
                dst[offset + x] = Math.fma(s[i0[x]], l0[x], s[i1[x]] * l1[x]);
            }
        }

        /** Output row d into {@code dst[offset .. offset + width)}. */
        @Override
        public void compute(int d, float[] dst, int offset) {
            float h0 = ay.lambda0[d];
            float h1 = ay.lambda1[d];
            if (kernel == TorchBilinear.CpuKernel.GENERIC) {
                float[] r0 = horizontal.row(ay.index0[d]);
                float[] r1 = horizontal.row(ay.index1[d]);
                for (int x = 0; x < width; x++) {
                    dst[offset + x] = Math.fma(r0[x], h0, r1[x] * h1);
                }
                return;
            }
            float[] r0 = in.row(ay.index0[d]);
            float[] r1 = in.row(ay.index1[d]);
            for (int x = 0; x < width; x++) {
                int c0 = ax.index0[x];
                int c1 = ax.index1[x];
                float w0 = ax.lambda0[x];
                float w1 = ax.lambda1[x];
                double sum = (double) (h0 * w0) * r0[c0]
                        + (double) (h0 * w1) * r0[c1]
                        + (double) (h1 * w0) * r1[c0]
                        + (double) (h1 * w1) * r1[c1];
                dst[offset + x] = (float) sum;
            }
        }
    }
}
