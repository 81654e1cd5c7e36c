package org.samtune.eval;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A box plot of per-case scores in [0, 1] (Dice), drawn with java.awt (works headless): one group per class,
 * one box per model inside a group. Tukey style: box = quartiles (numpy linear interpolation), line = median,
 * whiskers to the most extreme values within 1.5 IQR of the box, points beyond drawn as outliers, a diamond at the
 * mean; "n=" under each box. NaN values are left out.
 */
public final class BoxPlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
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
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(title, (width - fm.stringWidth(title)) / 2, 20);
            int plotW = classes.size() * groupW;
            // y axis with grid lines every 0.1
            for (int t = 0; t <= 10; t++) {
                int y = yOf(t / 10.0);
                g.setColor(t % 5 == 0 ? new Color(0xbbbbbb) : new Color(0xe5e5e5));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.BLACK);
                String s = String.format(Locale.ROOT, "%.1f", t / 10.0);
                g.drawString(s, LEFT - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
            }
            g.drawLine(LEFT, yOf(0), LEFT, yOf(1));
            Graphics2D gv = (Graphics2D) g.create();
            gv.rotate(-Math.PI / 2);
            gv.drawString(yLabel, -(TOP + PLOT_H / 2 + fm.stringWidth(yLabel) / 2), 16);
            gv.dispose();
            for (int ci = 0; ci < classes.size(); ci++) {
                int gx = LEFT + ci * groupW;
                String label = "class " + classes.get(ci);
                g.setColor(Color.BLACK);
                g.drawString(label, gx + (groupW - fm.stringWidth(label)) / 2, yOf(0) + 32);
                for (int mi = 0; mi < models.size(); mi++) {
                    double[] v = values.getOrDefault(models.get(mi), Map.of()).get(classes.get(ci));
                    int x = gx + GAP + mi * (BOX_W + GAP) + GAP / 2;
                    drawBox(g, fm, box(v == null ? new double[0] : v), x, PALETTE[mi % PALETTE.length]);
                }
            }
            int ly = TOP + PLOT_H + 50;
            for (int mi = 0; mi < models.size(); mi++) {
                g.setColor(PALETTE[mi % PALETTE.length]);
                g.fillRect(LEFT, ly + 18 * mi, 12, 12);
                g.setColor(Color.BLACK);
                g.drawString(models.get(mi), LEFT + 18, ly + 18 * mi + 11);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawBox(Graphics2D g, FontMetrics fm, Box b, int x, Color color) {
        String n = "n=" + b.n();
        g.setColor(Color.DARK_GRAY);
        g.drawString(n, x + (BOX_W - fm.stringWidth(n)) / 2, yOf(0) + 16);
        if (b.n() == 0) {
            return;
        }
        int cx = x + BOX_W / 2;
        int yq1 = yOf(b.q1());
        int yq3 = yOf(b.q3());
        g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 90));
        g.fillRect(x, yq3, BOX_W, Math.max(1, yq1 - yq3));
        g.setColor(color.darker());
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(x, yq3, BOX_W, Math.max(1, yq1 - yq3));
        g.drawLine(cx, yq3, cx, yOf(b.whiskerHigh()));
        g.drawLine(cx, yq1, cx, yOf(b.whiskerLow()));
        g.drawLine(x + BOX_W / 4, yOf(b.whiskerHigh()), x + 3 * BOX_W / 4, yOf(b.whiskerHigh()));
        g.drawLine(x + BOX_W / 4, yOf(b.whiskerLow()), x + 3 * BOX_W / 4, yOf(b.whiskerLow()));
        g.setStroke(new BasicStroke(2.2f));
        g.drawLine(x, yOf(b.median()), x + BOX_W, yOf(b.median()));
        g.setStroke(new BasicStroke(1f));
        for (double o : b.outliers()) {
            g.drawOval(cx - 3, yOf(o) - 3, 6, 6);
        }
        int ym = yOf(b.mean());
        g.fillPolygon(new int[] {cx, cx + 4, cx, cx - 4}, new int[] {ym - 4, ym, ym + 4, ym}, 4);
    }

    /** Screen row of a value, clamped to the [0, 1] axis. */
    private static int yOf(double v) {
        double c = Math.max(0, Math.min(1, v));
        return TOP + (int) Math.round((1 - c) * PLOT_H);
    }

    /** Draws and writes a PNG atomically. */
    public static boolean write(List<String> models, List<Integer> classes, Map<String, Map<Integer, double[]>> values,
                             String title, String yLabel, Path file, Consumer<String> warn) throws IOException {
        return ChartFiles.write(file, () -> draw(models, classes, values, title, yLabel), warn);
    }
}
