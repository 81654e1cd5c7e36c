package org.samtune.cli;

import org.samtune.train.EpochRecord;
import org.samtune.train.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr (rewritten in place) plus a line per validated epoch. */
final class ProgressPrinter implements TrainingListener {
    private final PrintWriter err;
    private final int epochs;

    ProgressPrinter(PrintWriter err, int epochs) {
        this.err = err;
        this.epochs = epochs;
    }

    @Override
    public void onIteration(int epoch, long iteration, long totalIterations, double loss, double lr, double etaSeconds) {
        int width = 30;
        int filled = totalIterations <= 0 ? 0 : (int) Math.min(width, width * (iteration + 1) / totalIterations);
        err.printf(Locale.ROOT, "\repoch %d/%d [%s%s] it %d/%d loss %.4f lr %.2e ETA %s   ", epoch + 1, epochs,
                "#".repeat(filled), ".".repeat(width - filled), iteration + 1, totalIterations, loss, lr, eta(etaSeconds));
        err.flush();
    }

    @Override
    public void onEpoch(EpochRecord r, double bestDice, int bestEpoch, double etaSeconds) {
        if (r.validated()) {
            err.printf(Locale.ROOT, "%nepoch %d: loss %.4f, val Dice %.4f (best %.4f at epoch %d)%n", r.epoch() + 1, r.loss(),
                    r.valDice(), bestDice, bestEpoch + 1);
            err.flush();
        }
    }

    @Override
    public void onMessage(String message) {
        err.println(message);
        err.flush();
    }

    static String eta(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s / 60) % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
