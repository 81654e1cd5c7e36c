package org.samtune.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.engine.StudyJob;
import org.samtune.engine.StudyTable;
import org.samtune.eval.Csv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code samtune study} from the tiny random-weight checkpoint: zero-shot row, a failing strategy, bad syntax. */
class StudyCommandTest {
    static final Path LISTS = Path.of("src/test/resources/datasets/mri-prostate/MRI-Prostate");

    @TempDir
    Path tmp;

    @Test
    void failingStrategyIsReportedAndTheOthersRun() throws Exception {
        Path out = tmp.resolve("study");
        CliRun r = CliRun.of("study", "--train", LISTS.resolve("train_5shot.csv").toString(),
                "--val", LISTS.resolve("val_5shot.csv").toString(), "--test", LISTS.resolve("val_5shot.csv").toString(),
                "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(),
                // the tiny checkpoint does not determine transformer_num_heads
                "--config", Fixtures.file("sam-tiny/config.json").toString(),
                // vit_b's shapes are not those of the tiny checkpoint: that strategy must fail alone
                "--strategies", "vit_b:lora:decoder,base:lora:decoder", "--encoder-blocks", "0,1",
                "--epochs", "1", "--batch-size", "2", "--warmup", "0", "--val-every", "1", "--prompt", "box",
                "--bootstrap", "100", "--overlays", "0", "--threads", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        List<StudyTable.Row> rows = StudyTable.read(out.resolve(StudyJob.TABLE));
        assertEquals(List.of(StudyJob.ZERO_SHOT, "vit_b:lora:decoder", "base:lora:decoder"),
                rows.stream().map(StudyTable.Row::strategy).toList());
        StudyTable.Row zero = rows.get(0);
        StudyTable.Row bad = rows.get(1);
        StudyTable.Row lora = rows.get(2);
        assertEquals(StudyJob.OK, zero.status(), zero.error());
        assertEquals(0, zero.trainableParameters());
        assertEquals(130796, zero.totalParameters(), "the fixture config's num_parameters");
        assertEquals(StudyJob.FAILED, bad.status());
        assertTrue(bad.error().contains("does not match"), bad.error());
        assertTrue(bad.error().length() < 400, "long errors are cut in the table");
        assertTrue(bad.dice().isEmpty());
        assertTrue(r.err.contains("vit_b:lora:decoder failed"), r.err);
        assertEquals(StudyJob.OK, lora.status(), lora.error());
        assertTrue(lora.trainableParameters() > 0 && lora.trainableParameters() < lora.totalParameters());

        List<String> summary = Files.readAllLines(out.resolve(StudyJob.EVALUATION).resolve("summary.csv"),
                StandardCharsets.UTF_8);
        for (StudyTable.Row row : List.of(zero, lora)) {
            List<String> g = summary.stream().map(Csv::split).filter(f -> f.get(0).equals(row.name())
                    && f.get(1).equals("1") && f.get(2).equals("slice") && f.get(3).equals("dice")).findFirst().orElseThrow();
            StudyTable.Dice d = row.dice().get(1);
            assertEquals(Csv.parseNumber(g.get(6)), d.mean(), 0.0, row.name());
            assertEquals(Csv.parseNumber(g.get(9)), d.ciLow(), 0.0, row.name());
            assertEquals(Csv.parseNumber(g.get(10)), d.ciHigh(), 0.0, row.name());
        }
        assertFalse(summary.stream().anyMatch(l -> l.startsWith("vit_b")), "a failed strategy is not evaluated");
        assertTrue(Files.size(out.resolve(StudyJob.CHART)) > 0);
        assertTrue(r.out.contains("base-lora-decoder"), r.out);
    }

    @Test
    void badStrategyIsAUsageError() {
        CliRun r = CliRun.of("study", "--train", "a.csv", "--test", "b.csv", "--from-scratch", "--out",
                tmp.resolve("x").toString(), "--strategies", "base:lora:decoder,base:lora:encoder");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("'base:lora:encoder'"), r.err);
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written");
    }
}
