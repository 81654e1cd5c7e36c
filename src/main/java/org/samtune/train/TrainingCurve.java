package org.samtune.train;

import org.samtune.io.ChartFiles;
import org.samtune.io.chart.Canvas;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * training_curve.png: training loss (left panel) and validation Dice (right panel) against the epoch, drawn on a
 * {@link Canvas} (Java2D, or the pure-Java fallback where Java2D cannot draw; see {@link ChartFiles}).
 */
public final class TrainingCurve {
    static final int W = 960;
    static final int H = 400;
    /** Plot frame of the left panel; the right one is the same shifted by W / 2. */
    static final int LEFT = 70;
    static final int RIGHT = W / 2 - 20;
    static final int TOP = 40;
    static final int BOTTOM = H - 50;
    static final int LOSS_COLOR = 0x1f77b4;
    static final int DICE_COLOR = 0xd62728;

    private TrainingCurve() {}

    /** Draws and writes the PNG atomically ({@code note}: see {@link ChartFiles#write}). */
    public static void write(List<EpochRecord> history, Path file, Consumer<String> note) throws IOException {
        ChartFiles.write(file, () -> render(history), note);
    }

    static BufferedImage render(List<EpochRecord> history) {
        return render(Canvas.create(W, H), history);
    }

    /** Draws on {@code c} (white, {@value #W} × {@value #H}). */
    static BufferedImage render(Canvas c, List<EpochRecord> history) {
        panel(c, history, 0, "training loss", EpochRecord::loss, LOSS_COLOR, false);
        panel(c, history, W / 2, "validation Dice", EpochRecord::valDice, DICE_COLOR, true);
        return c.finish();
    }

    private static void panel(Canvas c, List<EpochRecord> history, int x0, String title,
            ToDoubleFunction<EpochRecord> value, int color, boolean dots) {
        int left = x0 + LEFT, right = x0 + RIGHT, top = TOP, bottom = BOTTOM;
        double minE = Double.POSITIVE_INFINITY, maxE = Double.NEGATIVE_INFINITY;
        double minV = Double.POSITIVE_INFINITY, maxV = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (EpochRecord r : history) {
            double v = value.applyAsDouble(r);
            if (Double.isFinite(v)) {
                minE = Math.min(minE, r.epoch());
                maxE = Math.max(maxE, r.epoch());
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
                n++;
            }
        }
        if (n == 0) {
            minE = 0;
            maxE = 1;
            minV = 0;
            maxV = 1;
        }
        if (maxE == minE) {
            maxE = minE + 1;
        }
        if (maxV - minV < 1e-9) {
            double pad = Math.max(Math.abs(maxV) * 0.05, 1e-3);
            minV -= pad;
            maxV += pad;
        }
        c.lineWidth(1);
        c.color(Canvas.opaque(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            c.line(left, y, right, y);
        }
        c.color(Canvas.opaque(0));
        c.drawRect(left, top, right - left, bottom - top);
        c.fontSize(Canvas.TITLE);
        c.text(title, left, top - 12);
        c.fontSize(Canvas.NORMAL);
        c.text("epoch", (left + right - c.textWidth("epoch")) / 2, H - 12);
        for (int i = 0; i <= 4; i++) {
            double v = minV + (maxV - minV) * i / 4;
            int y = bottom - (bottom - top) * i / 4;
            c.text(String.format(Locale.ROOT, "%.3g", v), x0 + 8, y + c.textAscent() / 2);
        }
        c.text(String.format(Locale.ROOT, "%d", (long) minE), left, bottom + 16);
        String last = String.format(Locale.ROOT, "%d", (long) maxE);
        c.text(last, right - c.textWidth(last), bottom + 16);
        if (n == 0) {
            c.text("no data", (left + right - c.textWidth("no data")) / 2, (top + bottom) / 2);
            return;
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (EpochRecord r : history) {
            double v = value.applyAsDouble(r);
            if (Double.isFinite(v)) {
                xs[k] = left + (r.epoch() - minE) / (maxE - minE) * (right - left);
                ys[k] = bottom - (v - minV) / (maxV - minV) * (bottom - top);
                k++;
            }
        }
        c.color(Canvas.opaque(color));
        c.lineWidth(2);
        c.polyline(xs, ys);
        if (dots || n == 1) { // a single epoch has no line: mark its point
            for (int i = 0; i < n; i++) {
                c.fillCircle(xs[i], ys[i], 3.5);
            }
        }
    }
}
