package org.samtune.io;

import org.samtune.checkpoint.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes PNG charts so that a chart can never abort a run. Java2D needs a graphics environment for
 * {@link BufferedImage#createGraphics()}: in a JVM started with {@code -Djava.awt.headless=false} but without an
 * X server (ImageJ's {@code -batch} mode, cluster nodes) the first call throws {@link AWTError} ("Can't connect to X11
 * window server") from {@code X11GraphicsEnvironment}'s static initialiser and every later call
 * {@code NoClassDefFoundError} ("Could not initialize class GraphicsEnvironment$LocalGE"). Fonts, glyph outlines,
 * strokes and ImageIO's PNG writer do not need it; only drawing on an image does. Such a chart is skipped with one
 * warning line naming the file (once per file and JVM: the training curve is redrawn every epoch); the run's other
 * outputs are unaffected.
 */
public final class ChartFiles {
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private ChartFiles() {}

    /**
     * Renders {@code chart} and writes it atomically as PNG to {@code file}.
     *
     * @return true when written; false when Java2D cannot draw in this JVM (one warning went to {@code warn})
     */
    public static boolean write(Path file, Supplier<BufferedImage> chart, Consumer<String> warn) throws IOException {
        BufferedImage img;
        try {
            img = chart.get();
        } catch (AWTError | LinkageError | InternalError e) {
            if (WARNED.add(file.toAbsolutePath())) {
                warn.accept("warning: " + file + " not drawn: Java2D cannot draw here (" + cause(e) + "); "
                        + "start Java with -Djava.awt.headless=true (Fiji: --headless) to get the charts; "
                        + "the other outputs are complete");
            }
            return false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("No PNG writer available for " + file);
        }
        AtomicFiles.write(file, bytes::writeTo);
        return true;
    }

    /** True when Java2D can draw on an off-screen image in this JVM (false: no X server in a non-headless JVM). */
    public static boolean canDraw() {
        try {
            new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().dispose();
            return true;
        } catch (AWTError | LinkageError | InternalError e) {
            return false;
        }
    }

    private static String cause(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.replace('\n', ' '));
    }
}
