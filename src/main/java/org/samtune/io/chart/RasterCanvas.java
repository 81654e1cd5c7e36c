package org.samtune.io.chart;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * {@link Canvas} in plain Java on an int array: for JVMs where Java2D cannot draw (no X server in a non-headless JVM).
 * No antialiasing: a pixel is either inked or not, with the colour's alpha blended over what is there. A point (x, y)
 * is the centre of pixel (x, y). A line of width w inks the pixels whose centre lies within w / 2 of the segment
 * (at least width 1, so a hairline from (x0, y) to (x1, y) inks exactly the pixels x0..x1 of row y); circles ink the
 * pixels within the radius, outlines those within w / 2 of the circle; polygons the pixels whose centre is inside or
 * on the edge. Text is the {@link BitmapFont}.
 */
public final class RasterCanvas implements Canvas {
    private final int width;
    private final int height;
    /** 0xRRGGBB per pixel, row-major; white at first. */
    private final int[] pixels;
    private int color = 0xff000000;
    private double lineWidth = 1;
    private boolean bold;

    public RasterCanvas(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("chart size " + width + "x" + height + " must be positive");
        }
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
        Arrays.fill(pixels, 0xffffff);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The colour of pixel (x, y) as 0xRRGGBB. */
    public int rgb(int x, int y) {
        return pixels[y * width + x];
    }

    @Override
    public void color(int argb) {
        color = argb;
    }

    @Override
    public void lineWidth(float w) {
        lineWidth = Math.max(1, w);
    }

    @Override
    public void line(double x0, double y0, double x1, double y1) {
        double half = lineWidth / 2;
        int xa = (int) Math.floor(Math.min(x0, x1) - half);
        int xb = (int) Math.ceil(Math.max(x0, x1) + half);
        int ya = (int) Math.floor(Math.min(y0, y1) - half);
        int yb = (int) Math.ceil(Math.max(y0, y1) + half);
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        for (int y = Math.max(0, ya); y <= Math.min(height - 1, yb); y++) {
            for (int x = Math.max(0, xa); x <= Math.min(width - 1, xb); x++) {
                // distance from the pixel centre to the nearest point of the segment
                double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
                double ex = x - (x0 + t * dx);
                double ey = y - (y0 + t * dy);
                if (ex * ex + ey * ey <= half * half + 1e-9) {
                    ink(x, y);
                }
            }
        }
    }

    @Override
    public void polyline(double[] xs, double[] ys) {
        for (int i = 1; i < xs.length; i++) {
            line(xs[i - 1], ys[i - 1], xs[i], ys[i]);
        }
    }

    @Override
    public void fillRect(int x, int y, int w, int h) {
        for (int j = Math.max(0, y); j < Math.min(height, y + h); j++) {
            for (int i = Math.max(0, x); i < Math.min(width, x + w); i++) {
                ink(i, j);
            }
        }
    }

    @Override
    public void drawRect(int x, int y, int w, int h) {
        line(x, y, x + w, y);
        line(x, y + h, x + w, y + h);
        if (h > 1) {
            line(x, y + 1, x, y + h - 1);
            line(x + w, y + 1, x + w, y + h - 1);
        }
    }

    @Override
    public void fillCircle(double cx, double cy, double radius) {
        circle(cx, cy, 0, radius);
    }

    @Override
    public void drawCircle(double cx, double cy, double radius) {
        double half = lineWidth / 2;
        circle(cx, cy, Math.max(0, radius - half), radius + half);
    }

    /** Inks the pixels whose centre is between {@code inner} and {@code outer} from (cx, cy). */
    private void circle(double cx, double cy, double inner, double outer) {
        for (int y = (int) Math.max(0, Math.floor(cy - outer)); y <= Math.min(height - 1, Math.ceil(cy + outer)); y++) {
            for (int x = (int) Math.max(0, Math.floor(cx - outer)); x <= Math.min(width - 1, Math.ceil(cx + outer)); x++) {
                double d = Math.hypot(x - cx, y - cy);
                if (d <= outer + 1e-9 && d >= inner - 1e-9) {
                    ink(x, y);
                }
            }
        }
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        for (int y = (int) Math.max(0, Math.ceil(minY)); y <= Math.min(height - 1, Math.floor(maxY)); y++) {
            for (int x = (int) Math.max(0, Math.ceil(minX)); x <= Math.min(width - 1, Math.floor(maxX)); x++) {
                if (insideOrOnEdge(xs, ys, x, y)) {
                    ink(x, y);
                }
            }
        }
    }

    /** Even-odd rule, with points on an edge counted inside. */
    private static boolean insideOrOnEdge(double[] xs, double[] ys, double px, double py) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            double ax = xs[j], ay = ys[j], bx = xs[i], by = ys[i];
            double cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
            if (Math.abs(cross) < 1e-9 && px >= Math.min(ax, bx) - 1e-9 && px <= Math.max(ax, bx) + 1e-9
                    && py >= Math.min(ay, by) - 1e-9 && py <= Math.max(ay, by) + 1e-9) {
                return true;
            }
            if ((ay > py) != (by > py) && px < ax + (py - ay) * (bx - ax) / (by - ay)) {
                inside = !inside;
            }
        }
        return inside;
    }

    @Override
    public void fontSize(int size) {
        bold = size >= TITLE;
    }

    @Override
    public void text(String s, int x, int y) {
        BitmapFont.draw(this, s, x, y, bold, false);
    }

    @Override
    public void textUp(String s, int x, int y) {
        BitmapFont.draw(this, s, x, y, bold, true);
    }

    @Override
    public int textWidth(String s) {
        return BitmapFont.width(s, bold);
    }

    @Override
    public int textAscent() {
        return BitmapFont.ASCENT;
    }

    @Override
    public BufferedImage finish() {
        // setRGB on a BufferedImage needs no graphics environment (only createGraphics does)
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, pixels, 0, width);
        return img;
    }

    /** Blends the current colour over pixel (x, y) with its alpha. */
    private void ink(int x, int y) {
        int a = color >>> 24;
        int i = y * width + x;
        if (a == 0xff) {
            pixels[i] = color & 0xffffff;
            return;
        }
        int old = pixels[i];
        int r = blend((color >> 16) & 0xff, (old >> 16) & 0xff, a);
        int g = blend((color >> 8) & 0xff, (old >> 8) & 0xff, a);
        int b = blend(color & 0xff, old & 0xff, a);
        pixels[i] = (r << 16) | (g << 8) | b;
    }

    private static int blend(int src, int dst, int alpha) {
        return (src * alpha + dst * (255 - alpha) + 127) / 255;
    }
}
