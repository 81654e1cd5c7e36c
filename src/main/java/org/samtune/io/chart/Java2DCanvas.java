package org.samtune.io.chart;

import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * {@link Canvas} on Java2D (antialiased, the platform's sans-serif font). Text falls back to the {@link BitmapFont}
 * on a system without usable fonts rather than failing the chart.
 */
final class Java2DCanvas implements Canvas {
    private static volatile Boolean available;

    private final BufferedImage image;
    private final Graphics2D g;
    private int fontSize = NORMAL;
    private boolean bitmapText;

    Java2DCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        fontSize(NORMAL);
    }

    /**
     * True when Java2D can draw on an off-screen image in this JVM. False without an X server in a non-headless JVM:
     * the first {@code createGraphics()} throws {@link AWTError} from {@code X11GraphicsEnvironment}'s initialiser,
     * later ones {@link NoClassDefFoundError}. Checked once per JVM.
     */
    static boolean available() {
        Boolean a = available;
        if (a == null) {
            try {
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().dispose();
                a = true;
            } catch (AWTError | LinkageError | InternalError e) {
                a = false;
            }
            available = a;
        }
        return a;
    }

    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public void color(int argb) {
        g.setColor(new Color(argb, true));
    }

    @Override
    public void lineWidth(float width) {
        g.setStroke(new BasicStroke(width));
    }

    @Override
    public void line(double x0, double y0, double x1, double y1) {
        g.draw(new Line2D.Double(x0, y0, x1, y1));
    }

    @Override
    public void polyline(double[] xs, double[] ys) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) {
                path.moveTo(xs[i], ys[i]);
            } else {
                path.lineTo(xs[i], ys[i]);
            }
        }
        g.draw(path);
    }

    @Override
    public void fillRect(int x, int y, int w, int h) {
        g.fillRect(x, y, w, h);
    }

    @Override
    public void drawRect(int x, int y, int w, int h) {
        g.drawRect(x, y, w, h);
    }

    @Override
    public void fillCircle(double cx, double cy, double radius) {
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }

    @Override
    public void drawCircle(double cx, double cy, double radius) {
        g.draw(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        g.fill(p);
    }

    @Override
    public void fontSize(int size) {
        fontSize = size;
        if (!bitmapText) {
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            } catch (RuntimeException | Error e) { // no usable font on a minimal system
                bitmapText = true;
            }
        }
    }

    @Override
    public void text(String s, int x, int y) {
        if (!bitmapText) {
            try {
                g.drawString(s, x, y);
                return;
            } catch (RuntimeException | Error e) {
                bitmapText = true;
            }
        }
        BitmapFont.draw(this, s, x, y, fontSize >= TITLE, false);
    }

    @Override
    public void textUp(String s, int x, int y) {
        if (!bitmapText) {
            try {
                Graphics2D gv = (Graphics2D) g.create();
                try {
                    gv.rotate(-Math.PI / 2);
                    gv.drawString(s, -y, x);
                } finally {
                    gv.dispose();
                }
                return;
            } catch (RuntimeException | Error e) {
                bitmapText = true;
            }
        }
        BitmapFont.draw(this, s, x, y, fontSize >= TITLE, true);
    }

    @Override
    public int textWidth(String s) {
        if (!bitmapText) {
            try {
                return g.getFontMetrics().stringWidth(s);
            } catch (RuntimeException | Error e) {
                bitmapText = true;
            }
        }
        return BitmapFont.width(s, fontSize >= TITLE);
    }

    @Override
    public int textAscent() {
        if (!bitmapText) {
            try {
                return g.getFontMetrics().getAscent();
            } catch (RuntimeException | Error e) {
                bitmapText = true;
            }
        }
        return BitmapFont.ASCENT;
    }

    @Override
    public BufferedImage finish() {
        g.dispose();
        return image;
    }
}
