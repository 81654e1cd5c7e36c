package org.samtune.fiji.gui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An X display for GUI tests: the caller's DISPLAY when one is set, else a private Xvfb server
 * ({@code Xvfb :N -screen 0 1280x1024x24}) started here and stopped by {@link #close()}. Without
 * either, or with a Java runtime that has no X11 AWT, the test fails and says what to install:
 * GUI tests must not pass by not running.
 */
public final class XvfbDisplay implements AutoCloseable {
    public final String display;
    private final Process server;

    private XvfbDisplay(String display, Process server) {
        this.display = display;
        this.server = server;
    }

    public static XvfbDisplay start() throws IOException, InterruptedException {
        Path xawt = Path.of(System.getProperty("java.home"), "lib", "libawt_xawt.so");
        if (!Files.exists(xawt)) {
            fail("GUI tests need a Java runtime with X11 AWT (" + xawt + " is missing): install openjdk-17-jre "
                    + "(not only openjdk-17-jre-headless)");
        }
        String existing = System.getenv("DISPLAY");
        if (existing != null && !existing.isBlank()) {
            return new XvfbDisplay(existing, null);
        }
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            fail("GUI tests need an X display: DISPLAY is not set and Xvfb is not installed "
                    + "(Debian/Ubuntu: apt-get install -y xvfb)");
        }
        for (int n = 90; n < 140; n++) {
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                continue;
            }
            Process p = new ProcessBuilder(xvfb.toString(), ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            for (int i = 0; i < 100 && p.isAlive() && !Files.exists(socket); i++) {
                Thread.sleep(100);
            }
            if (p.isAlive() && Files.exists(socket)) {
                return new XvfbDisplay(":" + n, p);
            }
            p.destroy();
        }
        fail("Xvfb (" + xvfb + ") could not start a display on :90..:139");
        return null;
    }

    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
