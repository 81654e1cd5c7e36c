package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.eval.MetricsTable;
import org.samtune.train.TrainingListener;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README's main job, shortened to two epochs: every promised output exists and the metrics parse. */
class DemoJobTest {
    @TempDir
    Path tmp;

    @Test
    void demoWritesEveryOutput() throws Exception {
        DemoJob.Request r = new DemoJob.Request();
        r.home = Path.of(".");
        r.out = tmp.resolve("demo");
        r.epochs = 2;
        r.threads = 1;
        r.device = DjlRuntime.DeviceChoice.CPU;
        String summary = DemoJob.run(r, new TrainingListener() {});
        assertTrue(summary.contains("fine-tuned 2 epochs"), summary);
        for (String f : new String[] {"metrics.csv", "summary.csv", "dice_boxplot.png", "training_curve.png",
            "finetune/checkpoint_last.pth", "finetune/args.json", "finetune/training_log.csv"}) {
            assertTrue(Files.size(r.out.resolve(f)) > 0, f);
        }
        MetricsTable metrics = MetricsTable.read(r.out.resolve("metrics.csv"));
        assertEquals(5, metrics.rows().stream().filter(row -> row.cls() == 1).count(), "one foreground row per validation slice");
        try (var s = Files.walk(r.out.resolve("predictions"))) {
            assertEquals(5, s.filter(p -> p.toString().endsWith(".png")).count(), "one predicted mask per validation slice");
        }
        try (var s = Files.list(r.out.resolve("overlays"))) {
            assertTrue(s.count() > 0);
        }
    }
}
