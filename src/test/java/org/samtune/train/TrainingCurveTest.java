package org.samtune.train;

import org.junit.jupiter.api.Test;
import org.samtune.io.chart.RasterCanvas;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * training_curve.png drawn by the pure-Java renderer (as where Java2D cannot draw): the curves pass through the
 * pixels computed from the panel geometry, the frame and the text are there.
 */
class TrainingCurveTest {
    private static final int WHITE = 0xffffff;

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void curvesFrameAndTitlesWhereTheGeometrySays() {
        // loss 1 -> 0.5 -> 0 over epochs 0..2; Dice validated at epochs 1 and 2 only
        List<EpochRecord> history = List.of(new EpochRecord(0, 3, 1.0, 1e-3, Double.NaN, Double.NaN),
                new EpochRecord(1, 6, 0.5, 1e-3, 0.5, 0.4), new EpochRecord(2, 9, 0.0, 1e-3, 0.9, 0.3));
        BufferedImage img = TrainingCurve.render(new RasterCanvas(TrainingCurve.W, TrainingCurve.H), history);
        assertEquals(960, img.getWidth());
        assertEquals(400, img.getHeight());

        // left panel: x 70..460 for epochs 0..2, y 40..350 for loss 1..0: points (70, 40), (265, 195), (460, 350);
        // a fifth of the way along the first segment is (109, 71)
        int loss = TrainingCurve.LOSS_COLOR;
        assertEquals(loss, rgb(img, 109, 71));
        assertEquals(loss, rgb(img, 265, 195));
        assertEquals(loss, rgb(img, 362, 272)); // halfway along the second segment (362.5, 272.5), rounded down
        assertEquals(WHITE, rgb(img, 109, 66), "3.9 px off the line");
        // right panel: x 550..940 for validated epochs 1..2, y 350..40 for Dice 0.5..0.9: (550, 350) -> (940, 40)
        int dice = TrainingCurve.DICE_COLOR;
        assertEquals(dice, rgb(img, 745, 195));
        assertEquals(dice, rgb(img, 553, 350), "the dot at the first validated epoch (radius 3.5)");
        assertEquals(dice, rgb(img, 940, 43), "the dot at the last one");
        assertNotEquals(dice, rgb(img, 550, 355), "beyond the dot");

        // frames: the left edge of the loss panel, the bottom edge of the Dice panel
        assertEquals(0, rgb(img, 70, 300));
        assertEquals(0, rgb(img, 700, 350));
        // titles (baseline 28, 7 rows above it) in black, starting at the frames' left edges
        assertTrue(blackIn(img, 70, 21, 160, 27), "loss title");
        assertTrue(blackIn(img, 550, 21, 640, 27), "Dice title");
        // tick labels left of each frame
        assertTrue(blackIn(img, 0, 340, 69, 360), "loss tick labels");
        assertTrue(blackIn(img, 480, 30, 549, 50), "Dice tick labels");
    }

    @Test
    void aSingleEpochIsMarked() {
        BufferedImage img = TrainingCurve.render(new RasterCanvas(TrainingCurve.W, TrainingCurve.H),
                List.of(new EpochRecord(0, 3, 0.7, 1e-3, 0.6, 0.5)));
        // one epoch: x at the left edge, the value in the middle of the padded range
        assertEquals(TrainingCurve.LOSS_COLOR, rgb(img, 72, 195));
        assertEquals(TrainingCurve.DICE_COLOR, rgb(img, 552, 195));
    }

    private static boolean blackIn(BufferedImage img, int x0, int y0, int x1, int y1) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (rgb(img, x, y) == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
