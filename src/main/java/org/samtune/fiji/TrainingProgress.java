package org.samtune.fiji;

import org.samtune.train.Cancellation;
import org.samtune.train.EpochRecord;
import org.samtune.train.TrainingListener;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import java.util.Locale;

/**
 * Reports a fine-tuning run to SciJava: the status bar carries the step, loss and ETA with a progress
 * bar, the log gets the messages and validated epochs, and a live loss/Dice plot is drawn where a
 * display exists. It also turns an interrupted worker thread (a cancelled Future) into a
 * {@link Cancellation}, since the engine only polls the latter.
 */
public final class TrainingProgress implements TrainingListener {
    /** Status bar progress resolution (StatusService takes ints). */
    static final int STEPS = 1000;

    private final StatusService status;
    private final LogService log;
    private final Cancellation cancellation;
    private final TrainingPlot plot;

    /**
     * @param status may be null (no status bar)
     * @param log may be null (messages are dropped)
     * @param showPlot open a live plot window (callers pass {@link Displays#available()})
     */
    public TrainingProgress(StatusService status, LogService log, Cancellation cancellation, boolean showPlot) {
        this.status = status;
        this.log = log;
        this.cancellation = cancellation;
        this.plot = showPlot ? new TrainingPlot("SAM Tune training") : null;
    }

    @Override
    public void onIteration(int epoch, long iteration, long totalIterations, double loss, double lr, double etaSeconds) {
        if (Thread.currentThread().isInterrupted()) {
            cancellation.cancel();
        }
        if (status != null) {
            int done = totalIterations <= 0 ? 0 : (int) Math.min(STEPS, STEPS * (iteration + 1) / totalIterations);
            status.showStatus(done, STEPS, String.format(Locale.ROOT,
                    "SAM Tune: epoch %d, step %d/%d, loss %.4f, lr %.2e, ETA %s", epoch + 1, iteration + 1,
                    totalIterations, loss, lr, eta(etaSeconds)));
        }
    }

    @Override
    public void onEpoch(EpochRecord r, double bestDice, int bestEpoch, double etaSeconds) {
        if (Thread.currentThread().isInterrupted()) {
            cancellation.cancel();
        }
        String line = r.validated()
                ? String.format(Locale.ROOT, "SAM Tune: epoch %d: loss %.4f, validation Dice %.4f (best %.4f at epoch %d)",
                        r.epoch() + 1, r.loss(), r.valDice(), bestDice, bestEpoch + 1)
                : String.format(Locale.ROOT, "SAM Tune: epoch %d: loss %.4f", r.epoch() + 1, r.loss());
        if (log != null) {
            log.info(line);
        }
        if (status != null) {
            status.showStatus(line);
        }
        if (plot != null) {
            try {
                plot.add(r);
            } catch (RuntimeException | java.awt.AWTError e) {
                // a plot that cannot be drawn must not stop the training
                if (log != null) {
                    log.warn("SAM Tune: cannot draw the training plot: " + e);
                }
            }
        }
    }

    @Override
    public void onMessage(String message) {
        if (log != null) {
            log.info("SAM Tune: " + message);
        }
        if (status != null) {
            status.showStatus("SAM Tune: " + message);
        }
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
