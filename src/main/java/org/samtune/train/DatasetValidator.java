package org.samtune.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.samtune.predict.RgbImage;

/**
 * Scans every pair before training and reports bad ones by file name, instead of failing in the middle of an
 * epoch. Checks: both files readable, image and mask of the same size (finetune-SAM would silently stretch both
 * to 1024 and train on a misaligned pair), and label values that fit num_cls under the chosen targets (multi_all
 * needs 0..num_cls-1; e.g. the MRI-Prostate masks hold 254/255 and only work with combine_all).
 *
 * <p>Pairs whose target is empty are not problems: finetune-SAM's {@code delete_empty_masks} drops them, and so
 * does this validator (listed under {@link Report#filtered()}).
 */
public final class DatasetValidator {

    public enum Kind { UNREADABLE_IMAGE, UNREADABLE_MASK, SIZE_MISMATCH, LABEL_OUT_OF_RANGE, EMPTY_TARGET }

    /** One finding about pair {@code index}. */
    public record Problem(int index, String imageName, String maskName, Kind kind, String message) {
        @Override
        public String toString() {
            return imageName + " | " + maskName + ": " + message;
        }
    }

    public enum Policy {
        /** Drop bad pairs, tell the user about each one. */
        SKIP_WITH_WARNING,
        /** Refuse to train and list every problem. */
        FAIL
    }

    /** Thrown with the full list of problems. */
    public static final class DatasetException extends IOException {
        private final List<Problem> problems;

        public DatasetException(String message, List<Problem> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * @param total pairs scanned
     * @param usable indices that pass (not bad, not filtered)
     * @param problems bad pairs
     * @param filtered pairs dropped because their target is empty
     */
    public record Report(int total, int[] usable, List<Problem> problems, List<Problem> filtered) {

        public boolean hasProblems() {
            return !problems.isEmpty();
        }

        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(total).append(" pairs: ").append(usable.length).append(" usable, ")
                    .append(problems.size()).append(" bad, ").append(filtered.size()).append(" with empty target");
            for (Problem p : problems) {
                sb.append("\n  ").append(p);
            }
            return sb.toString();
        }
    }

    private DatasetValidator() {}

    /**
     * Scans all pairs.
     *
     * @param numCls the model's num_cls (classes including background)
     * @param deleteEmptyMasks finetune-SAM's default True: pairs with an empty target are filtered
     */
    public static Report validate(SliceSource source, TargetSpec targets, int numCls, boolean deleteEmptyMasks) {
        if (numCls < 2) {
            throw new IllegalArgumentException("num_cls must be at least 2 (background + 1 class): " + numCls);
        }
        if (targets.minNumClasses() > numCls) {
            throw new IllegalArgumentException("targets " + targets + " need num_cls >= " + targets.minNumClasses()
                    + ", got " + numCls);
        }
        List<Problem> problems = new ArrayList<>();
        List<Problem> filtered = new ArrayList<>();
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            String in = source.imageName(i);
            String mn = source.maskName(i);
            RgbImage img = null;
            LabelImage msk = null;
            try {
                img = source.loadImage(i);
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(i, in, mn, Kind.UNREADABLE_IMAGE, "cannot read image: " + e.getMessage()));
            }
            try {
                msk = source.loadMask(i);
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(i, in, mn, Kind.UNREADABLE_MASK, "cannot read mask: " + e.getMessage()));
            }
            if (img == null || msk == null) {
                continue;
            }
            if (img.width() != msk.width() || img.height() != msk.height()) {
                problems.add(new Problem(i, in, mn, Kind.SIZE_MISMATCH, "image is " + img.width() + "x"
                        + img.height() + " but mask is " + msk.width() + "x" + msk.height()));
                continue;
            }
            if (targets.kind() == TargetSpec.Kind.MULTI_ALL) {
                int[] bad = Arrays.stream(msk.distinctValues()).filter(v -> v < 0 || v >= numCls).toArray();
                if (bad.length > 0) {
                    problems.add(new Problem(i, in, mn, Kind.LABEL_OUT_OF_RANGE, "label values "
                            + Arrays.toString(bad) + " are not class ids 0.." + (numCls - 1)
                            + " (multi_all uses label values as classes; use combine_all or choose labels)"));
                    continue;
                }
            }
            if (deleteEmptyMasks && !targets.keeps(msk)) {
                filtered.add(new Problem(i, in, mn, Kind.EMPTY_TARGET, "empty target (" + targets + "), skipped"));
                continue;
            }
            ok.add(i);
        }
        return new Report(source.size(), ok.stream().mapToInt(Integer::intValue).toArray(), problems, filtered);
    }

    /**
     * Validates and returns the usable pairs as a source. With {@link Policy#FAIL} any bad pair throws a
     * {@link DatasetException} listing all of them; with {@link Policy#SKIP_WITH_WARNING} each bad pair is passed
     * to {@code warn} and dropped. Empty targets are dropped silently (finetune-SAM prints only a count), the
     * count goes to {@code warn}.
     */
    public static SliceSource usable(SliceSource source, TargetSpec targets, int numCls, Policy policy,
                                     Consumer<String> warn) throws DatasetException {
        Report r = validate(source, targets, numCls, true);
        if (r.hasProblems()) {
            if (policy == Policy.FAIL) {
                throw new DatasetException(r.summary(), r.problems());
            }
            for (Problem p : r.problems()) {
                warn.accept("skipping " + p);
            }
        }
        if (!r.filtered().isEmpty()) {
            warn.accept("skipping " + r.filtered().size() + " pair(s) with an empty target");
        }
        if (r.usable().length == 0) {
            throw new DatasetException("no usable pairs: " + r.summary(), r.problems());
        }
        return new SubsetSource(source, r.usable());
    }

    /** A view of some pairs of another source. */
    public static final class SubsetSource implements SliceSource {
        private final SliceSource base;
        private final int[] indices;

        public SubsetSource(SliceSource base, int[] indices) {
            this.base = base;
            this.indices = indices.clone();
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public String imageName(int index) {
            return base.imageName(indices[index]);
        }

        @Override
        public String maskName(int index) {
            return base.maskName(indices[index]);
        }

        @Override
        public RgbImage loadImage(int index) throws IOException {
            return base.loadImage(indices[index]);
        }

        @Override
        public LabelImage loadMask(int index) throws IOException {
            return base.loadMask(indices[index]);
        }
    }
}
