package org.samtune.eval;

import org.samtune.io.ChartFiles;
import org.samtune.io.chart.Canvas;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A box plot of per-case scores in [0, 1] (Dice), drawn on a {@link Canvas} (works without a display): one group per class,
 * one box per model inside a group. Tukey style: box = quartiles (numpy linear interpolation), line = median,
 * whiskers to the most extreme values within 1.5 IQR of the box, points beyond drawn as outliers, a diamond at the
 * mean; "n=" under each box. NaN values are left out.
 */
public final class BoxPlot {
    /** Model colours, 0xRRGGBB (matplotlib's tab10). */
    static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f};
    private static final int BLACK = Canvas.opaque(0);
    private static final int BOX_W = 34;
    private static final int GAP = 10;
    private static final int LEFT = 60;
    private static final int TOP = 40;
    private static final int PLOT_H = 300;

    /** The five numbers of one box (NaN fields when there is no value). */
    public record Box(int n, double q1, double median, double q3, double whiskerLow, double whiskerHigh, double mean,
                      double[] outliers) {}

    private BoxPlot() {}

    /** Tukey box statistics of {@code values} (NaN left out). */
    public static Box box(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Box(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0]);
        }
        double q1 = Percentiles.linear(v, 25);
        double q3 = Percentiles.linear(v, 75);
        double iqr = q3 - q1;
        double lo = q1 - 1.5 * iqr;
        double hi = q3 + 1.5 * iqr;
        double wl = Arrays.stream(v).filter(x -> x >= lo).min().orElse(q1);
        double wh = Arrays.stream(v).filter(x -> x <= hi).max().orElse(q3);
        double[] out = Arrays.stream(v).filter(x -> x < lo || x > hi).toArray();
        return new Box(v.length, q1, Percentiles.linear(v, 50), q3, wl, wh, Arrays.stream(v).average().orElseThrow(),
                out);
    }

    /**
     * Draws the plot.
     *
     * @param models     model names, in legend order
     * @param classes    class ids, in group order
     * @param values     (model, class) -> values; missing pairs are drawn as empty slots
     * @param yLabel     axis label, e.g. "Dice"
     */
    public static BufferedImage draw(List<String> models, List<Integer> classes,
                                     Map<String, Map<Integer, double[]>> values, String title, String yLabel) {
        int groupW = models.size() * (BOX_W + GAP) + 2 * GAP;
        int legendH = 18 * models.size() + 10;
        int width = Math.max(LEFT + classes.size() * groupW + 30, 320);
        int height = TOP + PLOT_H + 50 + legendH;
        Canvas c = Canvas.create(width, height);
        c.color(BLACK);
        c.text(title, (width - c.textWidth(title)) / 2, 20);
        int plotW = classes.size() * groupW;
        // y axis with grid lines every 0.1
        for (int t = 0; t <= 10; t++) {
            int y = yOf(t / 10.0);
            c.color(Canvas.opaque(t % 5 == 0 ? 0xbbbbbb : 0xe5e5e5));
            c.line(LEFT, y, LEFT + plotW, y);
            c.color(BLACK);
            String s = String.format(Locale.ROOT, "%.1f", t / 10.0);
            c.text(s, LEFT - 6 - c.textWidth(s), y + c.textAscent() / 2 - 1);
        }
        c.line(LEFT, yOf(0), LEFT, yOf(1));
        c.textUp(yLabel, 16, TOP + PLOT_H / 2 + c.textWidth(yLabel) / 2);
        for (int ci = 0; ci < classes.size(); ci++) {
            int gx = LEFT + ci * groupW;
            String label = "class " + classes.get(ci);
            c.color(BLACK);
            c.text(label, gx + (groupW - c.textWidth(label)) / 2, yOf(0) + 32);
            for (int mi = 0; mi < models.size(); mi++) {
                double[] v = values.getOrDefault(models.get(mi), Map.of()).get(classes.get(ci));
                int x = gx + GAP + mi * (BOX_W + GAP) + GAP / 2;
                drawBox(c, box(v == null ? new double[0] : v), x, PALETTE[mi % PALETTE.length]);
            }
        }
        int ly = TOP + PLOT_H + 50;
        for (int mi = 0; mi < models.size(); mi++) {
            c.color(Canvas.opaque(PALETTE[mi % PALETTE.length]));
            c.fillRect(LEFT, ly + 18 * mi, 12, 12);
            c.color(BLACK);
            c.text(models.get(mi), LEFT + 18, ly + 18 * mi + 11);
        }
        return c.finish();
    }

    private static void drawBox(Canvas c, Box b, int x, int rgb) {
        String n = "n=" + b.n();
        c.color(Canvas.opaque(0x404040));
        c.text(n, x + (BOX_W - c.textWidth(n)) / 2, yOf(0) + 16);
        if (b.n() == 0) {
            return;
        }
        int cx = x + BOX_W / 2;
        int yq1 = yOf(b.q1());
        int yq3 = yOf(b.q3());
        c.color(Canvas.withAlpha(rgb, 90));
        c.fillRect(x, yq3, BOX_W, Math.max(1, yq1 - yq3));
        int edge = Canvas.darker(Canvas.opaque(rgb));
        c.color(edge);
        c.lineWidth(1.2f);
        c.drawRect(x, yq3, BOX_W, Math.max(1, yq1 - yq3));
        c.line(cx, yq3, cx, yOf(b.whiskerHigh()));
        c.line(cx, yq1, cx, yOf(b.whiskerLow()));
        c.line(x + BOX_W / 4, yOf(b.whiskerHigh()), x + 3 * BOX_W / 4, yOf(b.whiskerHigh()));
        c.line(x + BOX_W / 4, yOf(b.whiskerLow()), x + 3 * BOX_W / 4, yOf(b.whiskerLow()));
        c.lineWidth(2.2f);
        c.line(x, yOf(b.median()), x + BOX_W, yOf(b.median()));
        c.lineWidth(1);
        for (double o : b.outliers()) {
            c.drawCircle(cx, yOf(o), 3);
        }
        // a diamond at the mean
        int ym = yOf(b.mean());
        c.fillPolygon(new double[] {cx, cx + 4, cx, cx - 4}, new double[] {ym - 4, ym, ym + 4, ym});
        c.lineWidth(1);
    }

    /** Screen row of a value, clamped to the [0, 1] axis. */
    private static int yOf(double v) {
        double c = Math.max(0, Math.min(1, v));
        return TOP + (int) Math.round((1 - c) * PLOT_H);
    }

    /** Draws and writes a PNG atomically ({@code note}: see {@link ChartFiles#write}). */
    public static void write(List<String> models, List<Integer> classes, Map<String, Map<Integer, double[]>> values,
                             String title, String yLabel, Path file, Consumer<String> note) throws IOException {
        ChartFiles.write(file, () -> draw(models, classes, values, title, yLabel), note);
    }
}
