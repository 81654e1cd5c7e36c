package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.eval.MetricsTable;

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
 * finish with every CSV, mask and overlay, and say once per chart which PNG it could not draw.
 */
class ChartsWithoutDisplayTest {
    @TempDir
    Path tmp;

    @Test
    void fineTuneAndEvaluateCompleteWithoutChartsWhereJava2DCannotDraw() throws Exception {
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

        // the charts: each skipped with exactly one warning naming its file
        for (String chart : List.of("finetune" + File.separator + "training_curve.png", "dice_boxplot.png")) {
            Path file = out.resolve(chart);
            String warning = "warning: " + file + " not drawn: Java2D cannot draw here";
            assertEquals(1, log.lines().filter(l -> l.contains(warning)).count(), chart + "\n" + log);
            assertFalse(Files.exists(file), chart);
        }
        assertFalse(log.contains("Exception"), log);
    }
}
