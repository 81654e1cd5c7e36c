package org.samtune.fiji;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import org.samtune.train.EpochRecord;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A live plot window of a fine-tuning run: training loss per epoch (line) and validation Dice
 * (points, only on validated epochs), redrawn after each epoch. Only built where a display exists.
 */
final class TrainingPlot {
    private final String title;
    private final List<double[]> loss = new ArrayList<>();   // {epoch (1-based), loss}
    private final List<double[]> dice = new ArrayList<>();   // {epoch (1-based), val Dice}
    private PlotWindow window;

    TrainingPlot(String title) {
        this.title = title;
    }

    /** Called on the training thread; ImageJ's PlotWindow redraw is safe from there (it repaints via AWT). */
    synchronized void add(EpochRecord r) {
        loss.add(new double[] {r.epoch() + 1, r.loss()});
        if (r.validated()) {
            dice.add(new double[] {r.epoch() + 1, r.valDice()});
        }
        Plot plot = new Plot(title, "epoch", "loss / Dice");
        plot.setColor(Color.BLUE);
        plot.addPoints(column(loss, 0), column(loss, 1), Plot.LINE);
        plot.setLabel(-1, "training loss");
        if (!dice.isEmpty()) {
            plot.setColor(new Color(0, 150, 0));
            plot.addPoints(column(dice, 0), column(dice, 1), Plot.CONNECTED_CIRCLES);
            plot.setLabel(-1, "validation Dice");
        }
        plot.setLegend(null, Plot.AUTO_POSITION);
        plot.setLimitsToFit(false);
        if (window == null || window.isClosed()) {
            window = plot.show();
        } else {
            window.drawPlot(plot);
        }
    }

    private static double[] column(List<double[]> points, int c) {
        double[] v = new double[points.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = points.get(i)[c];
        }
        return v;
    }
}
