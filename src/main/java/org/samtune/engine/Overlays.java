package org.samtune.engine;

import org.samtune.predict.RgbImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Pictures for people: the image with the prediction tinted, the ground truth outlined and the box drawn. */
public final class Overlays {
    private Overlays() {}

    public static BufferedImage draw(RgbImage image, boolean[] prediction, boolean[] truth, float[] box) {
        int w = image.width();
        int h = image.height();
        BufferedImage out = image.toBufferedImage();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int rgb = out.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (prediction != null && prediction[i]) { // red tint
                    r = (r + 255) / 2;
                    g = g / 2;
                    b = b / 2;
                }
                if (truth != null && truth[i] && isEdge(truth, w, h, x, y)) { // green outline
                    r = 0;
                    g = 255;
                    b = 0;
                }
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        if (box != null) {
            Graphics2D gr = out.createGraphics();
            gr.setColor(Color.YELLOW);
            gr.setStroke(new BasicStroke(1f));
            gr.drawRect(Math.round(box[0]), Math.round(box[1]), Math.round(box[2] - box[0]) - 1, Math.round(box[3] - box[1]) - 1);
            gr.dispose();
        }
        return out;
    }

    private static boolean isEdge(boolean[] m, int w, int h, int x, int y) {
        return x == 0 || y == 0 || x == w - 1 || y == h - 1
                || !m[y * w + x - 1] || !m[y * w + x + 1] || !m[(y - 1) * w + x] || !m[(y + 1) * w + x];
    }
}
