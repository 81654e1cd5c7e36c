package org.samtune.io;

import org.samtune.checkpoint.AtomicFiles;
import org.samtune.io.chart.Canvas;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes PNG charts. Charts draw on a {@link Canvas}: Java2D where this JVM can draw on an image, otherwise (a JVM
 * started with {@code -Djava.awt.headless=false} but without an X server: ImageJ's {@code -batch} mode, cluster
 * nodes) a pure-Java raster with a built-in bitmap font, which needs no graphics environment; ImageIO's PNG writer
 * needs none either. The fallback is announced once per JVM.
 */
public final class ChartFiles {
    private static final AtomicBoolean NOTED = new AtomicBoolean();

    private ChartFiles() {}

    /** Renders {@code chart} and writes it atomically as PNG to {@code file}; {@code note} hears about the fallback. */
    public static void write(Path file, Supplier<BufferedImage> chart, Consumer<String> note) throws IOException {
        if (!Canvas.java2DAvailable() && NOTED.compareAndSet(false, true)) {
            note.accept("note: Java2D cannot draw in this JVM (no display); charts are drawn with the built-in "
                    + "renderer (bitmap font, no antialiasing)");
        }
        BufferedImage img = chart.get();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("No PNG writer available for " + file);
        }
        AtomicFiles.write(file, bytes::writeTo);
    }
}
