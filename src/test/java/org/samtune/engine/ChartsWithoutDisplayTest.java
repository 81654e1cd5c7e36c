package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.eval.MetricsTable;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ImageJ's -batch mode and cluster nodes: a JVM with java.awt.headless=false and no X server, where Java2D cannot draw
 * on an image. The demo (fine-tune 1 epoch of the small architecture, then evaluate) runs in such a JVM: it must
 * finish with every CSV, mask and overlay, and with the charts drawn by the pure-Java renderer.
 */
class ChartsWithoutDisplayTest {
    @TempDir
    Path tmp;

    @Test
    void fineTuneAndEvaluateDrawTheChartsWhereJava2DCannotDraw() throws Exception {
        Path out = tmp.resolve("demo");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=false", "-Dsamtune.home=" + Path.of("").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"),
                "org.samtune.cli.SamTune", "demo", "--epochs", "1", "--out", out.toString(), "--device", "cpu",
                "--threads", "1").redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the demo did not finish");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("fine-tuned 1 epochs"), log);

        for (String f : new String[] {"metrics.csv", "summary.csv", "problems.csv", "finetune/checkpoint_last.pth",
            "finetune/checkpoint_best.pth", "finetune/training_log.csv", "finetune/args.json"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f + "\n" + log);
        }
        assertEquals(5, MetricsTable.read(out.resolve("metrics.csv")).rows().stream().filter(r -> r.cls() == 1).count());
        try (Stream<Path> s = Files.walk(out.resolve("predictions"))) {
            assertEquals(5, s.filter(f -> f.toString().endsWith(".png")).count(), "one mask per validation slice");
        }
        // overlays are pixel copies, drawn without Java2D
        try (Stream<Path> s = Files.walk(out.resolve("overlays"))) {
            assertFalse(s.filter(f -> f.toString().endsWith(".png")).toList().isEmpty(), "overlays written\n" + log);
        }

        // the charts: drawn by the pure-Java renderer, announced once
        assertEquals(1, log.lines().filter(l -> l.contains("note: Java2D cannot draw in this JVM")).count(), log);
        assertFalse(log.contains("not drawn"), log);
        for (String chart : List.of("training_curve.png", "finetune" + File.separator + "training_curve.png")) {
            BufferedImage curve = ImageIO.read(out.resolve(chart).toFile());
            assertEquals(960, curve.getWidth(), chart);
            assertEquals(400, curve.getHeight(), chart);
            // one epoch: its point is marked at the panels' left edges (x 70 and 550), halfway up (y 195), in the
            // loss and Dice colours; the frames are black
            assertEquals(0x1f77b4, curve.getRGB(72, 195) & 0xffffff, chart);
            assertEquals(0xd62728, curve.getRGB(552, 195) & 0xffffff, chart);
            assertEquals(0, curve.getRGB(200, 350) & 0xffffff, chart);
            assertTrue(inkedPixels(curve) > 2000, chart + " has text and axes");
        }
        BufferedImage box = ImageIO.read(out.resolve("dice_boxplot.png").toFile());
        // one model, one class: the minimum width; plot 300 px high under a 40 px title band, legend of one row
        assertEquals(320, box.getWidth());
        assertEquals(40 + 300 + 50 + 18 + 10, box.getHeight());
        assertEquals(0, box.getRGB(60, 200) & 0xffffff, "the y axis");
        assertTrue(inkedPixels(box) > 1000, "box, labels and legend");
        assertFalse(log.contains("Exception"), log);
    }

    /** Pixels that are not white. */
    private static int inkedPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }
}
