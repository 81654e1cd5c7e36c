package org.samtune.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.engine.SegmentJob;
import org.samtune.engine.ModelLoader;
import org.samtune.io.IntensityMapping;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The intensity choice travels with the model: a tiny model fine-tuned for one epoch with
 * {@code --intensity ct:soft-tissue} records it in sam_config.json and args.json; segment and evaluate without
 * {@code --intensity} then use it (the same logits as giving it explicitly, other logits than auto on a 16-bit
 * image), and an explicit choice overrides it.
 */
class RecordedIntensityTest {
    static final Path LISTS = Path.of("src/test/resources/datasets/mri-prostate/MRI-Prostate");

    @TempDir
    static Path tmp;
    static Path run;
    static Path image16;

    @BeforeAll
    static void fineTuneOnce() throws Exception {
        run = tmp.resolve("run");
        CliRun r = CliRun.of("finetune", "--train", LISTS.resolve("train_5shot.csv").toString(),
                "--val", LISTS.resolve("val_5shot.csv").toString(), "--from-scratch",
                "--config", Fixtures.file("sam-tiny/config.json").toString(), "--method", "vanilla",
                "--components", "decoder", "--prompt", "box", "--epochs", "1", "--batch-size", "4", "--warmup", "0",
                "--val-every", "1", "--intensity", "CT:Soft-Tissue", "--out", run.toString(),
                "--threads", "1", "--device", "cpu");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.err.contains("intensity: ct:soft-tissue"), r.err);
        // a 16-bit ramp 0..2000 (HU-like): auto stretches 0..2000, the CT window clips to -160..240
        ShortProcessor sp = new ShortProcessor(64, 48);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                sp.set(x, y, (x * 31 + y * 17) % 2001);
            }
        }
        image16 = tmp.resolve("ramp16.tif");
        assertTrue(new FileSaver(new ImagePlus("ramp16", sp)).saveAsTiff(image16.toString()));
    }

    static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void theRunRecordsItsIntensity() throws Exception {
        assertEquals("ct:soft-tissue", json(run.resolve(ModelLoader.MODEL_DESCRIPTION)).get("samtune_intensity").getAsString());
        assertEquals("ct:soft-tissue", json(run.resolve("args.json")).get("intensity").getAsString());
        assertEquals("ct:soft-tissue", ModelLoader.readIntensity(run.resolve(ModelLoader.MODEL_DESCRIPTION)).spec());
    }

    static SegmentJob.Result segment(String intensity, List<String> log) throws Exception {
        SegmentJob.Request q = new SegmentJob.Request();
        q.checkpoint = run.resolve("checkpoint_best.pth");
        q.loader.threads = 1;
        q.loader.device = org.samtune.engine.DjlRuntime.DeviceChoice.CPU;
        q.image = image16;
        q.prompts = new ArrayList<>(List.of(new Prompt().box(8, 6, 50, 40)));
        q.intensity = intensity;
        return SegmentJob.run(q, log::add);
    }

    @Test
    void segmentUsesTheRecordedIntensityUnlessTold() throws Exception {
        List<String> recordedLog = new ArrayList<>();
        Prediction recorded = segment(null, recordedLog).prediction;
        assertTrue(recordedLog.contains("intensity: ct:soft-tissue (recorded with the model)"), recordedLog.toString());

        List<String> explicitLog = new ArrayList<>();
        Prediction explicit = segment("ct:soft-tissue", explicitLog).prediction;
        assertTrue(explicitLog.contains("intensity: ct:soft-tissue (given)"), explicitLog.toString());
        assertArrayEquals(explicit.lowResLogits, recorded.lowResLogits, 0f);

        List<String> overrideLog = new ArrayList<>();
        Prediction auto = segment("auto", overrideLog).prediction;
        assertTrue(overrideLog.contains("intensity: auto (given; overrides ct:soft-tissue recorded with the model)"),
                overrideLog.toString());
        assertFalse(java.util.Arrays.equals(auto.lowResLogits, recorded.lowResLogits),
                "min-max and the CT window feed the model different images");
    }

    @Test
    void evaluateUsesTheRecordedIntensityUnlessTold() throws Exception {
        String[] common = {"evaluate", "--checkpoint", "ft=" + run.resolve("checkpoint_best.pth"),
                "--data", LISTS.resolve("val_5shot.csv").toString(), "--prompt", "box", "--bootstrap", "50",
                "--overlays", "0", "--threads", "1", "--device", "cpu"};
        List<String> a = new ArrayList<>(List.of(common));
        a.addAll(List.of("--out", tmp.resolve("eval-recorded").toString()));
        CliRun recorded = CliRun.of(a.toArray(new String[0]));
        assertEquals(0, recorded.exitCode, recorded.toString());
        assertTrue(recorded.err.contains("model ft: intensity: ct:soft-tissue (recorded with the model)"), recorded.err);

        List<String> b = new ArrayList<>(List.of(common));
        b.addAll(List.of("--intensity", "ct:soft-tissue", "--out", tmp.resolve("eval-explicit").toString()));
        CliRun explicit = CliRun.of(b.toArray(new String[0]));
        assertEquals(0, explicit.exitCode, explicit.toString());
        assertEquals(Files.readString(tmp.resolve("eval-explicit/metrics.csv")),
                Files.readString(tmp.resolve("eval-recorded/metrics.csv")));

        List<String> c = new ArrayList<>(List.of(common));
        c.addAll(List.of("--intensity", "minmax", "--out", tmp.resolve("eval-minmax").toString()));
        CliRun override = CliRun.of(c.toArray(new String[0]));
        assertEquals(0, override.exitCode, override.toString());
        assertTrue(override.err.contains("intensity: minmax (given; overrides ct:soft-tissue recorded with the model)"),
                override.err);
    }

    @Test
    void noRecordMeansAuto() throws Exception {
        // a stock checkpoint has no sam_config.json next to it
        assertNull(IntensityMapping.parseOrNull(" "));
        assertEquals("auto", org.samtune.engine.IntensityChoice.resolve((IntensityMapping) null, null).mapping().spec());
        assertEquals("default", org.samtune.engine.IntensityChoice.resolve((IntensityMapping) null, null).source());
    }
}
