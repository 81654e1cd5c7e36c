package org.samtune.train;

import org.samtune.io.ChartFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * training_curve.png: training loss (left panel) and validation Dice (right panel) against the epoch,
 * drawn with java.awt into an off-screen image (works headless; see {@link ChartFiles} for a JVM that cannot draw). Text needs a font; where the
 * platform has none, the curves are drawn without labels rather than failing the run.
 */
public final class TrainingCurve {
    private static final int W = 960;
    private static final int H = 400;

    private TrainingCurve() {}

    /** Draws and writes the PNG atomically; where Java2D cannot draw, skips it with one line to {@code warn}. */
    public static boolean write(List<EpochRecord> history, Path file, Consumer<String> warn) throws IOException {
        return ChartFiles.write(file, () -> render(history), warn);
    }

    static BufferedImage render(List<EpochRecord> history) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            panel(g, history, 0, "training loss", EpochRecord::loss, new Color(0x1f77b4), false);
            panel(g, history, W / 2, "validation Dice", EpochRecord::valDice, new Color(0xd62728), true);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, List<EpochRecord> history, int x0, String title,
            ToDoubleFunction<EpochRecord> value, Color color, boolean dots) {
        int left = x0 + 70, right = x0 + W / 2 - 20, top = 40, bottom = H - 50;
        double minE = Double.POSITIVE_INFINITY, maxE = Double.NEGATIVE_INFINITY;
        double minV = Double.POSITIVE_INFINITY, maxV = Double.NEGATIVE_INFINITY;
        for (EpochRecord r : history) {
            double v = value.applyAsDouble(r);
            if (Double.isFinite(v)) {
                minE = Math.min(minE, r.epoch());
                maxE = Math.max(maxE, r.epoch());
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
        }
        boolean any = Double.isFinite(minV);
        if (!any) {
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
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        text(g, title, left, top - 12, 14);
        text(g, "epoch", (left + right) / 2 - 15, H - 12, 12);
        for (int i = 0; i <= 4; i++) {
            double v = minV + (maxV - minV) * i / 4;
            int y = bottom - (bottom - top) * i / 4;
            text(g, String.format(Locale.ROOT, "%.3g", v), x0 + 8, y + 4, 11);
        }
        text(g, String.format(Locale.ROOT, "%d", (long) minE), left, bottom + 16, 11);
        text(g, String.format(Locale.ROOT, "%d", (long) maxE), right - 20, bottom + 16, 11);
        if (!any) {
            text(g, "no data", (left + right) / 2 - 20, (top + bottom) / 2, 12);
            return;
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (EpochRecord r : history) {
            double v = value.applyAsDouble(r);
            if (!Double.isFinite(v)) {
                continue;
            }
            double px = left + (r.epoch() - minE) / (maxE - minE) * (right - left);
            double py = bottom - (v - minV) / (maxV - minV) * (bottom - top);
            if (first) {
                path.moveTo(px, py);
                first = false;
            } else {
                path.lineTo(px, py);
            }
            if (dots) {
                g.fillOval((int) px - 3, (int) py - 3, 7, 7);
            }
        }
        g.draw(path);
    }

    private static void text(Graphics2D g, String s, int x, int y, int size) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            g.drawString(s, x, y);
        } catch (RuntimeException | Error e) { // no usable font on a minimal headless system
            // labels are optional
        }
    }
}
