package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.samtune.predict.RgbImage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

/** The overlay's box and the enlargement are set pixel by pixel; Java2D (headless here) is the reference. */
class OverlaysTest {
    private static RgbImage gray(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void boxMatchesJava2DDrawRect() {
        RgbImage img = gray(40, 30);
        float[] box = {5.4f, 3.6f, 30.2f, 41f}; // the bottom edge lies outside the image
        BufferedImage ours = Overlays.draw(img, null, null, box);
        BufferedImage ref = img.toBufferedImage();
        Graphics2D g = ref.createGraphics();
        g.setColor(Color.YELLOW);
        g.drawRect(Math.round(box[0]), Math.round(box[1]), Math.round(box[2] - box[0]) - 1, Math.round(box[3] - box[1]) - 1);
        g.dispose();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(ref.getRGB(x, y), ours.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals(0xffffff00, ours.getRGB(5, 4), "the top left corner is yellow");
    }

    @Test
    void enlargeRepeatsEveryPixelByAnIntegerFactor() {
        BufferedImage small = gray(35, 51).toBufferedImage();
        BufferedImage big = EvaluationJob.enlarge(small);
        int f = 256 / 51; // 5
        assertEquals(35 * f, big.getWidth());
        assertEquals(51 * f, big.getHeight());
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                assertEquals(small.getRGB(x / f, y / f), big.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        BufferedImage large = gray(300, 200).toBufferedImage();
        assertSame(large, EvaluationJob.enlarge(large), "no enlargement above 256 px");
    }
}
