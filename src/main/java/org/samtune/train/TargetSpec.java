package org.samtune.train;

import java.util.Arrays;

/**
 * Which labels become which classes (finetune-SAM's {@code targets} / {@code cls}):
 * <ul>
 *   <li>{@link #combineAll()}: every label > 0 becomes class 1 (binary; finetune-SAM default);</li>
 *   <li>{@link #multiAll()}: the label value is the class id (must be 0..num_cls-1);</li>
 *   <li>{@link #labels(int...)}: label {@code ids[i]} becomes class {@code i+1}, everything else background.
 *       With one id this is finetune-SAM's {@code cls>0} mode ({@code msk == cls}).</li>
 * </ul>
 */
public final class TargetSpec {

    public enum Kind { COMBINE_ALL, MULTI_ALL, LABELS }

    private final Kind kind;
    private final int[] ids;

    private TargetSpec(Kind kind, int[] ids) {
        this.kind = kind;
        this.ids = ids;
    }

    public static TargetSpec combineAll() {
        return new TargetSpec(Kind.COMBINE_ALL, new int[0]);
    }

    public static TargetSpec multiAll() {
        return new TargetSpec(Kind.MULTI_ALL, new int[0]);
    }

    /** A chosen subset of label values; {@code ids[i]} -> class i+1. */
    public static TargetSpec labels(int... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("at least one label id");
        }
        for (int id : ids) {
            if (id <= 0) {
                throw new IllegalArgumentException("label ids must be > 0 (0 is background): " + id);
            }
        }
        if (Arrays.stream(ids).distinct().count() != ids.length) {
            throw new IllegalArgumentException("duplicate label ids: " + Arrays.toString(ids));
        }
        return new TargetSpec(Kind.LABELS, ids.clone());
    }

    /** Parses "combine_all", "multi_all" or a comma list of label ids such as "1,3". */
    public static TargetSpec parse(String s) {
        String t = s.strip();
        if (t.equalsIgnoreCase("combine_all")) {
            return combineAll();
        }
        if (t.equalsIgnoreCase("multi_all")) {
            return multiAll();
        }
        try {
            return labels(Arrays.stream(t.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("targets must be combine_all, multi_all or label ids like 1,3: " + s);
        }
    }

    public Kind kind() {
        return kind;
    }

    public int[] ids() {
        return ids.clone();
    }

    /** Class of one raw label value. */
    public int classOf(int label) {
        switch (kind) {
            case COMBINE_ALL:
                return label > 0 ? 1 : 0;
            case MULTI_ALL:
                return label;
            default:
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] == label) {
                        return i + 1;
                    }
                }
                return 0;
        }
    }

    /** Applies {@link #classOf} to every pixel, in place. */
    public void applyInPlace(int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classOf(labels[i]);
        }
    }

    /**
     * finetune-SAM's {@code delete_empty_masks} test on the raw (not resized) mask: keep the sample when some
     * pixel is > 0 (combine_all, multi_all) or equals one of the chosen ids.
     */
    public boolean keeps(LabelImage raw) {
        for (int v : raw.labels()) {
            if (v > 0 && (kind != Kind.LABELS || classOf(v) > 0)) {
                return true;
            }
        }
        return false;
    }

    /** The smallest num_cls that can hold these classes (0 when it depends on the data: multi_all). */
    public int minNumClasses() {
        return switch (kind) {
            case COMBINE_ALL -> 2;
            case MULTI_ALL -> 0;
            case LABELS -> ids.length + 1;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COMBINE_ALL -> "combine_all";
            case MULTI_ALL -> "multi_all";
            case LABELS -> "labels" + Arrays.toString(ids);
        };
    }
}
