package org.samtune.engine;

import org.samtune.io.ChartFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.Locale;

/**
 * {@code study.png}: a horizontal bar chart of the study table (java.awt, works headless). One band per strategy,
 * labelled with its name on the left; inside a band one bar per class (colour = class) whose length is the mean
 * test Dice on a fixed [0, 1] axis, a whisker for its 95 % bootstrap interval and the value written after it.
 * Strategies without Dice (failed, not evaluated) keep their band with their status written in grey, so the chart
 * lists the same strategies as study.csv.
 */
public final class StudyChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
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
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(font());
        FontMetrics pfm = pg.getFontMetrics();
        int labelW = 40;
        for (StudyTable.Row r : rows) {
            labelW = Math.max(labelW, pfm.stringWidth(r.name()));
        }
        int titleW = pfm.stringWidth(title);
        pg.dispose();
        int left = labelW + 20;
        int plotH = Math.max(1, rows.size()) * bandH;
        int legendH = classes.size() > 1 ? 22 : 0;
        int width = Math.max(left + PLOT_W + RIGHT, titleW + 20);
        int height = TOP + plotH + 45 + legendH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(font());
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(title, (width - fm.stringWidth(title)) / 2, 20);
            int bottom = TOP + plotH;
            // x axis: grid every 0.1, labelled every 0.2
            for (int t = 0; t <= 10; t++) {
                int x = xOf(left, t / 10.0);
                g.setColor(t % 5 == 0 ? new Color(0xbbbbbb) : new Color(0xe5e5e5));
                g.drawLine(x, TOP, x, bottom);
                if (t % 2 == 0) {
                    g.setColor(Color.BLACK);
                    String s = String.format(Locale.ROOT, "%.1f", t / 10.0);
                    g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 16);
                }
            }
            g.setColor(Color.BLACK);
            g.drawLine(left, bottom, left + PLOT_W, bottom);
            String axis = "mean Dice (95% CI)";
            g.drawString(axis, left + (PLOT_W - fm.stringWidth(axis)) / 2, bottom + 32);
            for (int i = 0; i < rows.size(); i++) {
                StudyTable.Row r = rows.get(i);
                int y0 = TOP + i * bandH + BAND_GAP / 2;
                g.setColor(Color.BLACK);
                g.drawString(r.name(), left - 8 - fm.stringWidth(r.name()), y0 + bars * BAR_H / 2 + fm.getAscent() / 2 - 1);
                if (r.dice().isEmpty()) {
                    g.setColor(Color.GRAY);
                    String s = r.ok() ? "not evaluated" : r.status();
                    g.drawString(s, left + 6, y0 + bars * BAR_H / 2 + fm.getAscent() / 2 - 1);
                    continue;
                }
                for (int k = 0; k < classes.size(); k++) {
                    StudyTable.Dice d = r.dice().get(classes.get(k));
                    if (d != null && !Double.isNaN(d.mean())) {
                        drawBar(g, fm, left, y0 + k * BAR_H, d, PALETTE[k % PALETTE.length]);
                    }
                }
            }
            if (classes.size() > 1) {
                int lx = left;
                int ly = bottom + 40;
                for (int k = 0; k < classes.size(); k++) {
                    g.setColor(PALETTE[k % PALETTE.length]);
                    g.fillRect(lx, ly, 12, 12);
                    g.setColor(Color.BLACK);
                    String s = "class " + classes.get(k);
                    g.drawString(s, lx + 16, ly + 11);
                    lx += 16 + fm.stringWidth(s) + 16;
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawBar(Graphics2D g, FontMetrics fm, int left, int y, StudyTable.Dice d, Color color) {
        int h = BAR_H - 3;
        int xm = xOf(left, d.mean());
        g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 170));
        g.fillRect(left, y, Math.max(1, xm - left), h);
        int cy = y + h / 2;
        int xl = xOf(left, Double.isNaN(d.ciLow()) ? d.mean() : d.ciLow());
        int xh = xOf(left, Double.isNaN(d.ciHigh()) ? d.mean() : d.ciHigh());
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.3f));
        g.drawLine(xl, cy, xh, cy);
        g.drawLine(xl, cy - 4, xl, cy + 4);
        g.drawLine(xh, cy - 4, xh, cy + 4);
        g.setStroke(new BasicStroke(1f));
        String s = String.format(Locale.ROOT, "%.3f", d.mean());
        g.drawString(s, Math.max(xh, xm) + 5, cy + fm.getAscent() / 2 - 1);
    }

    private static Font font() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }

    /** Screen column of a Dice value, clamped to the [0, 1] axis. */
    private static int xOf(int left, double v) {
        double c = Math.max(0, Math.min(1, v));
        return left + (int) Math.round(c * PLOT_W);
    }

    /** Draws and writes a PNG atomically; where Java2D cannot draw, skips it with one line to {@code warn}. */
    public static boolean write(List<StudyTable.Row> rows, String title, Path file, Consumer<String> warn)
            throws IOException {
        return ChartFiles.write(file, () -> draw(rows, title), warn);
    }
}
