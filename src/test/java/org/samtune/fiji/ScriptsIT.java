package org.samtune.fiji;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The batch examples in scripts/, on copies of the sam-tiny image with different boxes: the ImageJ
 * macro segment-folder.ijm in a separate ImageJ JVM, and the SLURM array script run locally as two
 * shards plus the merge step. Every mask must be the engine's for its box.
 */
class ScriptsIT {
    @TempDir
    static Path tmp;
    static Path images;
    static Path csv;
    static final String[] NAMES = {"a.png", "b.png", "c.png"};
    static final int[][] BOXES = {{15, 20, 60, 85}, {2, 3, 30, 40}, {10, 50, 70, 95}};

    @BeforeAll
    static void data() throws IOException {
        images = tmp.resolve("images");
        Files.createDirectories(images);
        StringBuilder sb = new StringBuilder("file,x0,y0,x1,y1\n");
        for (int i = 0; i < NAMES.length; i++) {
            Files.copy(Fixtures.file("sam-tiny/image.png"), images.resolve(NAMES[i]));
            int[] b = BOXES[i];
            sb.append(NAMES[i]).append(',').append(b[0]).append(',').append(b[1]).append(',').append(b[2]).append(',').append(b[3]).append('\n');
        }
        csv = tmp.resolve("boxes.csv");
        Files.writeString(csv, sb.toString());
    }

    @AfterAll
    static void free() {
        SamSession.disposeShared();
    }

    static byte[] expected(int i) {
        Prediction p = EngineTruth.predict(ImageConversion.toRgb(ImageFiles.open(images.resolve(NAMES[i])), null),
                List.of(new Prompt().box(BOXES[i][0], BOXES[i][1], BOXES[i][2], BOXES[i][3])), false);
        return EngineTruth.unionMask(p);
    }

    static void assertMask(byte[] expected, Path png) throws IOException {
        assertTrue(Files.exists(png), png + " exists");
        BufferedImage img = ImageIO.read(png.toFile());
        int[] px = img.getRaster().getPixels(0, 0, 75, 100, new int[75 * 100]);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xff, px[i], png.getFileName() + " pixel " + i);
        }
    }

    static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void segmentFolderMacro() throws Exception {
        org.samtune.fiji.ij1.ImageJInstallAccess install = new org.samtune.fiji.ij1.ImageJInstallAccess("scripts");
        Path out = tmp.resolve("ij-masks");
        String arg = "input=[" + images + "] csv=[" + csv + "] output=[" + out + "] checkpoint=[" + EngineTruth.checkpoint()
                + "] config=[" + EngineTruth.config() + "] device=cpu threads=1";
        // headless=true: the macro only uses call(); without a display ImageJ cannot open PNGs with headless=false
        String log = install.runMacroFile(Path.of("scripts/segment-folder.ijm").toAbsolutePath(), true, arg);
        assertTrue(log.contains("SAM Tune: 3 segmented, 0 failed"), log);
        for (int i = 0; i < NAMES.length; i++) {
            assertMask(expected(i), out.resolve(NAMES[i].replace(".png", "_mask.png")));
        }
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(4, results.size(), results.toString());
        assertTrue(results.get(1).startsWith("a.png,a_mask.png,ok,\"slice 1 object 1:"), results.get(1));
    }

    @Test
    void slurmArrayInTwoShardsThenMerge() throws Exception {
        Path out = tmp.resolve("slurm-out");
        Path script = Path.of("scripts/slurm-segment-array.sh").toAbsolutePath();
        List<String> segment = new ArrayList<>(List.of("bash", script.toString(), "segment", images.toString(), csv.toString(),
                out.toString(), EngineTruth.checkpoint().toString(), "--config", EngineTruth.config().toString(),
                "--device", "cpu", "--threads", "1"));
        Path repo = Path.of("").toAbsolutePath();
        for (int task = 0; task < 2; task++) {
            String log = run(repo, Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task), "SLURM_ARRAY_TASK_COUNT", "2",
                    "SAMTUNE_JAVA_OPTS", "-Xmx1g"), segment.toArray(new String[0]));
            assertTrue(log.contains("shard " + task + " of 2"), log);
        }
        // round-robin over the CSV rows: task 0 has rows 1 and 3, task 1 row 2
        List<String> shard0 = Files.readAllLines(out.resolve("shards/shard-0.csv"));
        List<String> shard1 = Files.readAllLines(out.resolve("shards/shard-1.csv"));
        assertEquals(List.of("a.png", "c.png"), shard0.subList(1, shard0.size()).stream().map(l -> l.split(",")[0]).toList());
        assertEquals(List.of("b.png"), shard1.subList(1, shard1.size()).stream().map(l -> l.split(",")[0]).toList());

        String merged = run(repo, Map.of(), "bash", script.toString(), "merge", csv.toString(), out.toString());
        assertTrue(merged.contains("merged 3 row(s)") && merged.contains("missing 0, failed 0"), merged);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("file,mask,status,iou,area", results.get(0));
        for (int i = 0; i < NAMES.length; i++) {
            String[] row = results.get(i + 1).split(",");
            assertEquals(NAMES[i], row[0]);
            assertEquals("ok", row[2]);
            byte[] expected = expected(i);
            assertEquals(EngineTruth.count(expected), Integer.parseInt(row[4]), "area column of " + NAMES[i]);
            assertMask(expected, out.resolve(row[1]));
        }

        // a shard that never ran is reported by the merge step
        Files.delete(out.resolve("shards/shard-1.csv"));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "merge", csv.toString(), out.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), log);
        assertTrue(log.contains("missing: b.png"), log);
    }
}
