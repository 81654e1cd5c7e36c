package org.samtune.io.chart;

import java.awt.image.BufferedImage;

/**
 * The few drawing operations the PNG charts use, so that they can be drawn with Java2D where it works and with
 * {@link RasterCanvas} (pure Java, no graphics environment) where it does not: in a JVM started with
 * {@code -Djava.awt.headless=false} but without an X server (ImageJ's {@code -batch} mode, cluster nodes)
 * {@link BufferedImage#createGraphics()} throws. Coordinates are image pixels, x to the right and y down; colours are
 * {@code 0xAARRGGBB} (alpha 0xff = opaque; {@link #opaque}, {@link #withAlpha}). Text is placed by its left end and
 * baseline, as {@link java.awt.Graphics#drawString} does.
 */
public interface Canvas {
    /** Font size of axis labels and legends; {@link #TITLE} is larger (Java2D) or bold (bitmap font). */
    int NORMAL = 12;
    int TITLE = 14;

    int width();

    int height();

    /** Colour of everything drawn next. */
    void color(int argb);

    /** Width of lines, outlines and circles drawn next, in pixels (1 = hairline). */
    void lineWidth(float width);

    void line(double x0, double y0, double x1, double y1);

    /** Connected segments through (xs[i], ys[i]). */
    void polyline(double[] xs, double[] ys);

    /** Fills the {@code w} × {@code h} pixels from (x, y). */
    void fillRect(int x, int y, int w, int h);

    /** Outlines the rectangle from (x, y) to (x + w, y + h) (its border pixels, both ends included). */
    void drawRect(int x, int y, int w, int h);

    void fillCircle(double cx, double cy, double radius);

    void drawCircle(double cx, double cy, double radius);

    void fillPolygon(double[] xs, double[] ys);

    /** Font size of text drawn next ({@link #NORMAL}, {@link #TITLE} or a point size). */
    void fontSize(int size);

    /** Draws {@code s} from x with its baseline on row y. */
    void text(String s, int x, int y);

    /** Draws {@code s} turned a quarter counter-clockwise: reading upwards from row y, its baseline on column x. */
    void textUp(String s, int x, int y);

    /** Width of {@code s} in pixels in the current font. */
    int textWidth(String s);

    /** Height of capitals above the baseline in the current font. */
    int textAscent();

    /** The image drawn so far (the canvas may not be used after this). */
    BufferedImage finish();

    /**
     * A white {@code width} × {@code height} canvas: Java2D where this JVM can draw on an image, otherwise the
     * pure-Java {@link RasterCanvas}.
     */
    static Canvas create(int width, int height) {
        Canvas c = Java2DCanvas.available() ? new Java2DCanvas(width, height) : new RasterCanvas(width, height);
        c.color(0xffffffff);
        c.fillRect(0, 0, width, height);
        return c;
    }

    /** True when Java2D can draw on an off-screen image in this JVM (false: no X server in a non-headless JVM). */
    static boolean java2DAvailable() {
        return Java2DCanvas.available();
    }

    /** {@code rgb} (0xRRGGBB) fully opaque. */
    static int opaque(int rgb) {
        return 0xff000000 | rgb;
    }

    /** {@code rgb} (0xRRGGBB) with alpha 0..255. */
    static int withAlpha(int rgb, int alpha) {
        return (alpha << 24) | (rgb & 0xffffff);
    }

    /** {@link java.awt.Color#darker()}: each channel × 0.7, alpha kept. */
    static int darker(int argb) {
        int r = (int) (((argb >> 16) & 0xff) * 0.7);
        int g = (int) (((argb >> 8) & 0xff) * 0.7);
        int b = (int) ((argb & 0xff) * 0.7);
        return (argb & 0xff000000) | (r << 16) | (g << 8) | b;
    }
}
