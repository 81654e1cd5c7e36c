package org.samtune.engine;

import org.samtune.predict.RgbImage;

import java.awt.image.BufferedImage;

/** Pictures for people: the image with the prediction tinted, the ground truth outlined and the box drawn. */
public final class Overlays {
    /** Color.YELLOW as RGB. */
    private static final int YELLOW = 0xffff00;

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
            // the same pixels as Graphics2D.drawRect(x0, y0, bw - 1, bh - 1), set directly: no graphics environment needed
            int x0 = Math.round(box[0]);
            int y0 = Math.round(box[1]);
            int x1 = x0 + Math.round(box[2] - box[0]) - 1;
            int y1 = y0 + Math.round(box[3] - box[1]) - 1;
            for (int x = x0; x <= x1; x++) {
                setInside(out, x, y0, YELLOW);
                setInside(out, x, y1, YELLOW);
            }
            for (int y = y0; y <= y1; y++) {
                setInside(out, x0, y, YELLOW);
                setInside(out, x1, y, YELLOW);
            }
        }
        return out;
    }

    private static void setInside(BufferedImage img, int x, int y, int rgb) {
        if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight()) {
            img.setRGB(x, y, rgb);
        }
    }

    private static boolean isEdge(boolean[] m, int w, int h, int x, int y) {
        return x == 0 || y == 0 || x == w - 1 || y == h - 1
                || !m[y * w + x - 1] || !m[y * w + x + 1] || !m[(y - 1) * w + x] || !m[(y + 1) * w + x];
    }
}
