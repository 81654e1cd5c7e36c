package org.samtune.engine;

import org.samtune.io.ChartFiles;
import org.samtune.io.chart.Canvas;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code study.png}: a horizontal bar chart of the study table, drawn on a {@link Canvas} (works without a display).
 * One band per strategy, labelled with its name on the left; inside a band one bar per class (colour = class) whose
 * length is the mean test Dice on a fixed [0, 1] axis, a whisker for its 95 % bootstrap interval and the value
 * written after it. Strategies without Dice (failed, not evaluated) keep their band with their status written in
 * grey, so the chart lists the same strategies as study.csv.
 */
public final class StudyChart {
    /** Class colours, 0xRRGGBB (matplotlib's tab10). */
    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f};
    private static final int BLACK = Canvas.opaque(0);
    private static final int GREY = Canvas.opaque(0x808080);
    private static final int BAR_H = 16;
    private static final int BAND_GAP = 12;
    private static final int TOP = 40;
    private static final int PLOT_W = 420;
    private static final int RIGHT = 70;

    private StudyChart() {}

    public static BufferedImage draw(List<StudyTable.Row> rows, String title) {
        List<Integer> classes = StudyTable.classes(rows);
        int bars = Math.max(1, classes.size());
        int bandH = bars * BAR_H + BAND_GAP;
        // measure the labels before sizing the image
        Canvas probe = Canvas.create(1, 1);
        int labelW = 40;
        for (StudyTable.Row r : rows) {
            labelW = Math.max(labelW, probe.textWidth(r.name()));
        }
        int titleW = probe.textWidth(title);
        probe.finish();
        int left = labelW + 20;
        int plotH = Math.max(1, rows.size()) * bandH;
        int legendH = classes.size() > 1 ? 22 : 0;
        int width = Math.max(left + PLOT_W + RIGHT, titleW + 20);
        int height = TOP + plotH + 45 + legendH;
        Canvas c = Canvas.create(width, height);
        int middle = c.textAscent() / 2 - 1; // baseline offset that centres a line of text on a row
        c.color(BLACK);
        c.text(title, (width - c.textWidth(title)) / 2, 20);
        int bottom = TOP + plotH;
        // x axis: grid every 0.1, labelled every 0.2
        for (int t = 0; t <= 10; t++) {
            int x = xOf(left, t / 10.0);
            c.color(Canvas.opaque(t % 5 == 0 ? 0xbbbbbb : 0xe5e5e5));
            c.line(x, TOP, x, bottom);
            if (t % 2 == 0) {
                c.color(BLACK);
                String s = String.format(Locale.ROOT, "%.1f", t / 10.0);
                c.text(s, x - c.textWidth(s) / 2, bottom + 16);
            }
        }
        c.color(BLACK);
        c.line(left, bottom, left + PLOT_W, bottom);
        String axis = "mean Dice (95% CI)";
        c.text(axis, left + (PLOT_W - c.textWidth(axis)) / 2, bottom + 32);
        for (int i = 0; i < rows.size(); i++) {
            StudyTable.Row r = rows.get(i);
            int y0 = TOP + i * bandH + BAND_GAP / 2;
            c.color(BLACK);
            c.text(r.name(), left - 8 - c.textWidth(r.name()), y0 + bars * BAR_H / 2 + middle);
            if (r.dice().isEmpty()) {
                c.color(GREY);
                c.text(r.ok() ? "not evaluated" : r.status(), left + 6, y0 + bars * BAR_H / 2 + middle);
                continue;
            }
            for (int k = 0; k < classes.size(); k++) {
                StudyTable.Dice d = r.dice().get(classes.get(k));
                if (d != null && !Double.isNaN(d.mean())) {
                    drawBar(c, left, y0 + k * BAR_H, d, PALETTE[k % PALETTE.length]);
                }
            }
        }
        if (classes.size() > 1) {
            int lx = left;
            int ly = bottom + 40;
            for (int k = 0; k < classes.size(); k++) {
                c.color(Canvas.opaque(PALETTE[k % PALETTE.length]));
                c.fillRect(lx, ly, 12, 12);
                c.color(BLACK);
                String s = "class " + classes.get(k);
                c.text(s, lx + 16, ly + 11);
                lx += 16 + c.textWidth(s) + 16;
            }
        }
        return c.finish();
    }

    private static void drawBar(Canvas c, int left, int y, StudyTable.Dice d, int rgb) {
        int h = BAR_H - 3;
        int xm = xOf(left, d.mean());
        c.color(Canvas.withAlpha(rgb, 170));
        c.fillRect(left, y, Math.max(1, xm - left), h);
        int cy = y + h / 2;
        int xl = xOf(left, Double.isNaN(d.ciLow()) ? d.mean() : d.ciLow());
        int xh = xOf(left, Double.isNaN(d.ciHigh()) ? d.mean() : d.ciHigh());
        c.color(BLACK);
        c.lineWidth(1.3f);
        c.line(xl, cy, xh, cy);
        c.line(xl, cy - 4, xl, cy + 4);
        c.line(xh, cy - 4, xh, cy + 4);
        c.lineWidth(1);
        c.text(String.format(Locale.ROOT, "%.3f", d.mean()), Math.max(xh, xm) + 5, cy + c.textAscent() / 2 - 1);
    }

    /** Screen column of a Dice value, clamped to the [0, 1] axis. */
    private static int xOf(int left, double v) {
        double c = Math.max(0, Math.min(1, v));
        return left + (int) Math.round(c * PLOT_W);
    }

    /** Draws and writes a PNG atomically ({@code note}: see {@link ChartFiles#write}). */
    public static void write(List<StudyTable.Row> rows, String title, Path file, Consumer<String> note)
            throws IOException {
        ChartFiles.write(file, () -> draw(rows, title), note);
    }
}
