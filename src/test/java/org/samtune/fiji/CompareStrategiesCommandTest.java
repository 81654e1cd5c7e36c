package org.samtune.fiji;

import ij.measure.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.engine.StudyJob;
import org.samtune.eval.Csv;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Compare strategies command headless from a SciJava context: two strategies of the tiny architecture from
 * scratch, 1 epoch, on the bundled 5-shot lists. Its results table must be study.csv, cell by cell.
 */
class CompareStrategiesCommandTest {
    static final Path PROSTATE = Path.of("src/test/resources/datasets/mri-prostate");
    static final Path LISTS = PROSTATE.resolve("MRI-Prostate");

    @TempDir
    Path tmp;

    static Map<String, Object> inputs(Path out, String strategies) {
        Map<String, Object> in = new HashMap<>();
        in.put("train", LISTS.resolve("train_5shot.csv").toFile());
        in.put("validation", LISTS.resolve("val_5shot.csv").toFile());
        in.put("test", LISTS.resolve("val_5shot.csv").toFile());
        in.put("imageRoot", PROSTATE.toFile());
        in.put("maskRoot", PROSTATE.toFile());
        in.put("strategies", strategies);
        in.put("checkpoint", null);
        in.put("fromScratch", true);
        in.put("config", Fixtures.file("sam-tiny/config.json").toFile());
        in.put("encoderBlocks", "0,1");
        in.put("rank", 4);
        in.put("prompt", "box");
        in.put("classes", 2);
        in.put("targets", "combine_all");
        in.put("epochs", 1);
        in.put("batchSize", 2);
        in.put("lr", 1e-3);
        in.put("warmup", 0);
        in.put("valEvery", 1);
        in.put("patience", 20);
        in.put("seed", 3L);
        in.put("output", out.toFile());
        in.put("device", "cpu");
        in.put("threads", 1);
        return in;
    }

    @Test
    void tableEqualsStudyCsv() throws Exception {
        Context context = new Context(CommandService.class, StatusService.class, LogService.class);
        try {
            Path out = tmp.resolve("study");
            CommandModule m = context.service(CommandService.class)
                    .run(CompareStrategiesCommand.class, true, inputs(out, "base:vanilla:decoder,base:lora:decoder")).get();
            String summary = (String) m.getOutput("summary");
            assertFalse(summary.startsWith("error"), summary);
            CompareStrategiesCommand cmd = (CompareStrategiesCommand) m.getDelegateObject();
            ResultsTable rt = cmd.table();
            assertNotNull(rt, summary);
            assertNotNull(cmd.chart(), "study.png drawn (headless JVM)");

            List<String> lines = Files.readAllLines(out.resolve(StudyJob.TABLE), StandardCharsets.UTF_8);
            List<String> head = Csv.split(lines.get(0));
            assertEquals(3, lines.size(), "header + one row per strategy (from scratch: no zero-shot row)");
            assertEquals(lines.size() - 1, rt.size());
            assertEquals(head, List.of(rt.getHeadings()));
            for (int row = 0; row < rt.size(); row++) {
                List<String> f = Csv.split(lines.get(row + 1));
                for (int c = 0; c < head.size(); c++) {
                    String col = head.get(c);
                    if (StudyResults.TEXT_COLUMNS.contains(col)) {
                        assertEquals(f.get(c), rt.getStringValue(col, row), col + " row " + row);
                    } else {
                        assertEquals(Csv.parseNumber(f.get(c)), rt.getValue(col, row), 0.0, col + " row " + row);
                    }
                }
            }
            assertEquals("base:vanilla:decoder", rt.getStringValue("strategy", 0));
            assertEquals("base:lora:decoder", rt.getStringValue("strategy", 1));
            assertEquals(StudyJob.OK, rt.getStringValue("status", 1));
            assertTrue(rt.getValue("class1_dice_mean", 1) >= 0 && rt.getValue("class1_dice_mean", 1) <= 1);
            assertTrue(rt.getValue("trainable_parameters", 0) > 0);
        } finally {
            context.dispose();
        }
    }

    @Test
    void badStrategyIsReportedNotThrown() throws Exception {
        Context context = new Context(CommandService.class, StatusService.class, LogService.class);
        try {
            CommandModule m = context.service(CommandService.class)
                    .run(CompareStrategiesCommand.class, true, inputs(tmp.resolve("bad"), "base:dora:decoder")).get();
            String summary = (String) m.getOutput("summary");
            assertTrue(summary.startsWith("error:") && summary.contains("dora"), summary);
            assertFalse(Files.exists(tmp.resolve("bad").resolve(StudyJob.TABLE)));
        } finally {
            context.dispose();
        }
    }
}
