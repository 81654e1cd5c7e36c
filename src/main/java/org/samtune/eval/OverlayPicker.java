package org.samtune.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the {@code k} best- and {@code k} worst-scoring cases seen so far, so that overlays can be drawn after a
 * run without holding every image in memory. Cases with a NaN score are ignored; ties keep the earlier case.
 *
 * @param <T> what is kept for a case (image, prediction, ground truth)
 */
public final class OverlayPicker<T> {
    /** A kept case with its score and arrival order. */
    public record Entry<T>(double score, long order, String name, T item) {}

    private final int k;
    private final List<Entry<T>> best = new ArrayList<>();
    private final List<Entry<T>> worst = new ArrayList<>();
    private long seen;

    public OverlayPicker(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        this.k = k;
    }

    /** Offers one case; {@code name} identifies it in file names and logs. */
    public void offer(double score, String name, T item) {
        if (Double.isNaN(score) || k == 0) {
            return;
        }
        Entry<T> e = new Entry<>(score, seen++, name, item);
        keep(best, e, Comparator.comparingDouble((Entry<T> x) -> -x.score()).thenComparingLong(Entry::order));
        keep(worst, e, Comparator.comparingDouble((Entry<T> x) -> x.score()).thenComparingLong(Entry::order));
    }

    private void keep(List<Entry<T>> list, Entry<T> e, Comparator<Entry<T>> order) {
        list.add(e);
        list.sort(order);
        if (list.size() > k) {
            list.remove(list.size() - 1);
        }
    }

    /** Best first. */
    public List<Entry<T>> best() {
        return List.copyOf(best);
    }

    /** Worst first. */
    public List<Entry<T>> worst() {
        return List.copyOf(worst);
    }
}
