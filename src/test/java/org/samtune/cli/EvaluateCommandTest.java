package org.samtune.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.eval.MetricsTable;
import org.samtune.eval.SegmentationMetrics;
import org.samtune.eval.SegmentationScores;
import org.samtune.eval.SummaryStatistics;
import org.samtune.io.NiftiDataType;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;
import org.samtune.io.NiftiWriter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code samtune evaluate} end to end with the bundled tiny random-weight model (plumbing, not quality). */
class EvaluateCommandTest {
    static final Path PROSTATE = Path.of("src/test/resources/datasets/mri-prostate");
    static final Path HIPPO = Path.of("src/test/resources/datasets/msd-hippocampus");

    @TempDir
    Path tmp;

    static String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--config", Fixtures.file("sam-tiny/config.json").toString(),
                "--threads", "1", "--device", "cpu"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static String model() {
        return Fixtures.file("sam-tiny/model.pth").toString();
    }

    static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode, r.toString());
        return r;
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void twoNamedCheckpointsOnThe2dList() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = ok(args("--checkpoint", "a=" + model(), "--checkpoint", "b=" + model(),
                "--data", PROSTATE.resolve("MRI-Prostate/val_5shot.csv").toString(), "--image-root", PROSTATE.toString(),
                "--mask-root", PROSTATE.toString(), "--prompt", "box", "--seed", "7", "--out", out.toString()));
        assertTrue(r.out.contains("a class 1 (slice): Dice"), r.out);

        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        assertEquals(2 * 5, t.size(), "2 models x 5 images x 1 class");
        List<MetricsTable.Row> a = t.rows().stream().filter(x -> x.model().equals("a")).toList();
        List<MetricsTable.Row> b = t.rows().stream().filter(x -> x.model().equals("b")).toList();
        assertEquals(5, a.size());
        for (int i = 0; i < 5; i++) {
            MetricsTable.Row x = a.get(i);
            MetricsTable.Row y = b.get(i);
            assertEquals(x.caseName(), y.caseName());
            assertEquals("", x.slice());
            assertEquals(1, x.cls());
            for (String m : MetricsTable.METRICS) {
                assertEquals(x.metric(m), y.metric(m), 0.0, m + " of " + x.caseName() + ": same weights, same prompts");
            }
            assertTrue(x.dice() >= 0 && x.dice() <= 1);
        }

        List<SummaryStatistics.Group> s = SummaryStatistics.read(out.resolve("summary.csv"));
        assertEquals(2 * 7, s.size(), "2 models x 1 class x 1 level x 7 metrics");
        for (SummaryStatistics.Group g : s) {
            double[] v = t.rows().stream().filter(x -> x.model().equals(g.model()))
                    .mapToDouble(x -> x.metric(g.metric())).filter(d -> !Double.isNaN(d)).toArray();
            assertEquals(v.length, g.stats().n(), g.toString());
            assertEquals(5 - v.length, g.stats().nNaN(), g.toString());
            if (v.length > 0) {
                assertEquals(Arrays.stream(v).average().orElseThrow(), g.stats().mean(), 1e-12, g.toString());
                assertTrue(g.stats().ciLow() <= g.stats().mean() + 1e-12 && g.stats().mean() <= g.stats().ciHigh() + 1e-12,
                        g.toString());
            }
            if (g.metric().equals("dice")) {
                double[] ci = SummaryStatistics.bootstrapCi(v, 1000, 7, 0.95);
                assertEquals(ci[0], g.stats().ciLow(), 1e-12, "the CI is the documented seeded bootstrap");
                assertEquals(ci[1], g.stats().ciHigh(), 1e-12);
            }
        }

        for (String m : List.of("a", "b")) {
            List<Path> preds = files(out.resolve("predictions").resolve(m));
            assertEquals(5, preds.size());
            for (Path p : preds) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertNotNull(img, p.toString());
            }
            List<Path> overlays = files(out.resolve("overlays").resolve(m));
            assertEquals(6, overlays.size(), overlays.toString()); // 3 best + 3 worst
            for (Path p : overlays) {
                assertNotNull(ImageIO.read(p.toFile()), p.toString());
            }
        }
        assertNotNull(ImageIO.read(out.resolve("dice_boxplot.png").toFile()));
        List<String> problems = Files.readAllLines(out.resolve("problems.csv"));
        assertEquals(List.of("case,image,mask,kind,message"), problems);

        // the seed fixes the prompts: a second run writes the same metrics
        Path out2 = tmp.resolve("out2");
        ok(args("--checkpoint", "a=" + model(), "--checkpoint", "b=" + model(),
                "--data", PROSTATE.resolve("MRI-Prostate/val_5shot.csv").toString(), "--prompt", "box", "--seed", "7",
                "--out", out2.toString())); // roots found next to the list
        assertEquals(Files.readString(out.resolve("metrics.csv")), Files.readString(out2.resolve("metrics.csv")));
        assertEquals(Files.readString(out.resolve("summary.csv")), Files.readString(out2.resolve("summary.csv")));
    }

    @Test
    void pointAndNoPromptModes() throws Exception {
        Path list = PROSTATE.resolve("MRI-Prostate/val_5shot.csv");
        Path out = tmp.resolve("points");
        ok(args("--checkpoint", model(), "--data", list.toString(), "--prompt", "point", "--points", "3",
                "--overlays", "1", "--out", out.toString()));
        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        assertEquals(5, t.size());
        assertEquals("model", t.rows().get(0).model(), "named after the file");
        assertEquals(2, files(out.resolve("overlays/model")).size());

        Path none = tmp.resolve("none");
        CliRun r = ok(args("--checkpoint", model(), "--data", list.toString(), "--prompt", "none",
                "--out", none.toString()));
        assertTrue(r.err.contains("best of its 3 masks by predicted IoU"), r.err);
        assertEquals(5, MetricsTable.read(none.resolve("metrics.csv")).size());

        // multi_all on 0/254/255 masks: every image has labels outside the 3 classes -> a clear refusal
        CliRun bad = CliRun.of(args("--checkpoint", model(), "--data", list.toString(), "--prompt", "none",
                "--preprocess", "finetune-sam", "--targets", "multi_all", "--out", tmp.resolve("bad").toString()));
        assertEquals(1, bad.exitCode);
        assertTrue(bad.err.contains("nothing to evaluate") && bad.err.contains("RUNMC23_14.png: label values [254]"),
                bad.err);

        // finetune-SAM style: 3 output channels = 3 classes, argmax, on every slice of the volume
        Path map = tmp.resolve("map");
        r = ok(args("--checkpoint", model(), "--data", HIPPO.toString(), "--prompt", "none", "--preprocess",
                "finetune-sam", "--targets", "multi_all", "--out", map.toString()));
        assertTrue(r.err.contains("3-channel output, per-pixel argmax"), r.err);
        MetricsTable m = MetricsTable.read(map.resolve("metrics.csv"));
        assertTrue(m.rows().stream().filter(MetricsTable.Row::isVolume).count() >= 2);
        assertTrue(m.rows().stream().allMatch(x -> x.cls() == 1 || x.cls() == 2));
    }

    @Test
    void niftiVolumesGetPerVolumeRowsAndGeometryKeepingPredictions() throws Exception {
        Path out = tmp.resolve("nii");
        CliRun r = ok(args("--checkpoint", "tiny=" + model(), "--data", HIPPO.toString(), "--prompt", "box",
                "--targets", "multi_all", "--num-classes", "3", "--out", out.toString()));
        assertTrue(r.err.contains("hippocampus_003.nii.gz: image without a label volume"), r.err);
        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        List<MetricsTable.Row> volume = t.rows().stream().filter(MetricsTable.Row::isVolume).toList();
        assertEquals(List.of(1, 2), volume.stream().map(MetricsTable.Row::cls).toList());
        assertTrue(volume.stream().allMatch(x -> x.caseName().equals("hippocampus_001")));

        NiftiImage src = NiftiReader.read(HIPPO.resolve("images/hippocampus_001.nii.gz"));
        NiftiImage label = NiftiReader.read(HIPPO.resolve("labels/hippocampus_001.nii.gz"));
        int[] gt = label.toLabelArray();
        // per-slice rows: one per class present on each labelled axial slice
        int nx = src.dim(0), ny = src.dim(1), nz = src.dim(2);
        int expected = 0;
        for (int z = 0; z < nz; z++) {
            boolean[] present = new boolean[3];
            for (int i = 0; i < nx * ny; i++) {
                present[gt[z * nx * ny + i]] = true;
            }
            expected += (present[1] ? 1 : 0) + (present[2] ? 1 : 0);
        }
        assertEquals(expected, t.size() - volume.size());

        Path predFile = out.resolve("predictions/tiny/hippocampus_001.nii.gz");
        NiftiImage pred = NiftiReader.read(predFile);
        assertArrayEquals(Arrays.copyOf(src.dims(), 3), pred.dims());
        assertArrayEquals(Arrays.copyOfRange(src.pixdim(), 0, 4), Arrays.copyOfRange(pred.pixdim(), 0, 4), 0f);
        assertEquals(src.qformCode(), pred.qformCode());
        assertEquals(src.sformCode(), pred.sformCode());
        assertArrayEquals(src.quatern(), pred.quatern(), 0f);
        assertArrayEquals(src.qoffset(), pred.qoffset(), 0f);
        for (int row = 0; row < 3; row++) {
            assertArrayEquals(src.srow(row), pred.srow(row), 0f);
        }
        // the 3-D rows are the metrics of the written volume against the label volume, with its spacing
        int[] p = pred.toLabelArray();
        for (MetricsTable.Row v : volume) {
            SegmentationScores s = SegmentationMetrics.evaluate(SegmentationMetrics.classMask(p, v.cls()),
                    SegmentationMetrics.classMask(gt, v.cls()), new int[] {nx, ny, nz}, src.spacing(), 1.0);
            assertEquals(s.dice(), v.dice(), 0);
            assertEquals(s.hd95(), v.hd95(), 0);
            assertEquals(s.nsd(), v.nsd(), 0);
        }
        List<SummaryStatistics.Group> s = SummaryStatistics.read(out.resolve("summary.csv"));
        assertTrue(s.stream().anyMatch(g -> g.level().equals("volume") && g.stats().n() == 1));
        assertTrue(s.stream().anyMatch(g -> g.level().equals("slice") && g.stats().n() > 1));
        assertNotNull(ImageIO.read(out.resolve("dice_boxplot.png").toFile()));
        assertEquals(6, files(out.resolve("overlays/tiny")).size());
    }

    @Test
    void propagationFromOneBoxPerClass() throws Exception {
        Path out = tmp.resolve("prop");
        CliRun r = ok(args("--checkpoint", model(), "--data", HIPPO.toString(), "--prompt", "propagate",
                "--targets", "1,2", "--out", out.toString()));
        assertTrue(r.err.contains("hippocampus_001 class 1: box on z="), r.err);
        assertTrue(r.err.contains("hippocampus_001 class 2: box on z="), r.err);
        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        assertTrue(t.rows().stream().anyMatch(MetricsTable.Row::isVolume));
        assertTrue(Files.isRegularFile(out.resolve("predictions/model/hippocampus_001.nii.gz")));

        CliRun bad = CliRun.of(args("--checkpoint", model(), "--data", PROSTATE.resolve("MRI-Prostate/val_5shot.csv")
                .toString(), "--prompt", "propagate", "--out", tmp.resolve("x").toString()));
        assertEquals(1, bad.exitCode);
        assertTrue(bad.err.contains("propagate needs a folder of NIfTI volumes"), bad.err);
    }

    @Test
    void badVolumesAreReportedAndTheGoodOneIsStillEvaluated() throws Exception {
        Path data = tmp.resolve("vols");
        Path images = Files.createDirectories(data.resolve("images"));
        Path labels = Files.createDirectories(data.resolve("labels"));
        Path srcImage = HIPPO.resolve("images/hippocampus_001.nii.gz");
        Path srcLabel = HIPPO.resolve("labels/hippocampus_001.nii.gz");
        NiftiImage img = NiftiReader.read(srcImage);
        NiftiImage lab = NiftiReader.read(srcLabel);
        int[] l = lab.toLabelArray();
        // good
        Files.copy(srcImage, images.resolve("good.nii.gz"));
        Files.copy(srcLabel, labels.resolve("good.nii.gz"));
        // shape mismatch: the label one voxel shorter along z
        Files.copy(srcImage, images.resolve("shape.nii.gz"));
        NiftiImage small = new NiftiImage(new int[] {img.dim(0), img.dim(1), img.dim(2) - 1}, NiftiDataType.UINT8);
        NiftiWriter.write(small, labels.resolve("shape.nii.gz"));
        // spacing mismatch
        Files.copy(srcImage, images.resolve("spacing.nii.gz"));
        NiftiImage spaced = NiftiImage.likeGeometry(img, l);
        spaced.setSpacing(1.0, 1.0, 2.5);
        NiftiWriter.write(spaced, labels.resolve("spacing.nii.gz"));
        // corrupt: a truncated gzip
        byte[] bytes = Files.readAllBytes(srcImage);
        Files.write(images.resolve("corrupt.nii.gz"), Arrays.copyOf(bytes, bytes.length / 3));
        Files.copy(srcLabel, labels.resolve("corrupt.nii.gz"));
        // NaN-filled image
        NiftiImage nan = NiftiImage.likeGeometry(img, NiftiDataType.FLOAT32);
        for (int i = 0; i < nan.voxelCount(); i++) {
            nan.set(i, Double.NaN);
        }
        NiftiWriter.write(nan, images.resolve("nan.nii.gz"));
        Files.copy(srcLabel, labels.resolve("nan.nii.gz"));
        // labels outside num_cls (3): a 7
        Files.copy(srcImage, images.resolve("range.nii.gz"));
        int[] seven = l.clone();
        seven[seven.length / 2] = 7;
        NiftiWriter.write(NiftiImage.likeGeometry(img, seven), labels.resolve("range.nii.gz"));
        // empty ground truth
        Files.copy(srcImage, images.resolve("empty.nii.gz"));
        NiftiWriter.write(NiftiImage.likeGeometry(img, new int[l.length]), labels.resolve("empty.nii.gz"));

        Path out = tmp.resolve("out");
        CliRun r = ok(args("--checkpoint", model(), "--data", data.toString(), "--prompt", "box",
                "--targets", "multi_all", "--num-classes", "3", "--out", out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("problems.csv"), StandardCharsets.UTF_8);
        assertEquals("case,image,mask,kind,message", lines.get(0));
        assertEquals(7, lines.size(), String.join("\n", lines));
        String all = String.join("\n", lines);
        for (String name : List.of("shape", "spacing", "corrupt", "nan", "range", "empty")) {
            String line = lines.stream().filter(x -> x.startsWith(name + ",")).findFirst().orElseThrow(
                    () -> new AssertionError(name + " missing from problems.csv:\n" + all));
            assertTrue(line.contains(name + ".nii.gz"), line);
        }
        assertTrue(all.contains("SIZE_MISMATCH"));
        assertTrue(all.contains("voxel spacing"));
        assertTrue(all.contains("UNREADABLE_IMAGE"));
        assertTrue(all.contains("only NaN"));
        assertTrue(all.contains("[7]"));
        assertTrue(all.contains("no voxel of the target classes"));
        for (String name : List.of("shape", "spacing", "corrupt", "nan", "range", "empty")) {
            assertTrue(r.err.contains("skipping " + name + ":"), r.err);
        }
        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        assertTrue(t.size() > 0);
        assertTrue(t.rows().stream().allMatch(x -> x.caseName().equals("good")));
        assertTrue(Files.isRegularFile(out.resolve("predictions/model/good.nii.gz")));
    }

    @Test
    void bad2dPairsAreReportedAndTheGoodOnesStillEvaluated() throws Exception {
        Path data = tmp.resolve("pairs");
        Path images = Files.createDirectories(data.resolve("images"));
        Path masks = Files.createDirectories(data.resolve("masks"));
        Path srcDir = PROSTATE.resolve("MRI-Prostate");
        Files.copy(srcDir.resolve("images/patient97/study97/volumn97/RUNMC23_14.png"), images.resolve("good.png"));
        Files.copy(srcDir.resolve("masks/RUNMC23_14.png"), masks.resolve("good.png"));
        // size mismatch
        Files.copy(srcDir.resolve("images/patient77/study77/volumn77/RUNMC03_16.png"), images.resolve("size.png"));
        ImageIO.write(new BufferedImage(7, 5, BufferedImage.TYPE_BYTE_GRAY), "png", masks.resolve("size.png").toFile());
        // empty ground truth
        Files.copy(srcDir.resolve("images/patient39/study39/volumn39/BMC26_16.png"), images.resolve("empty.png"));
        BufferedImage ref = ImageIO.read(srcDir.resolve("masks/BMC26_16.png").toFile());
        ImageIO.write(new BufferedImage(ref.getWidth(), ref.getHeight(), BufferedImage.TYPE_BYTE_GRAY), "png",
                masks.resolve("empty.png").toFile());
        // corrupt image file
        Files.write(images.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.copy(srcDir.resolve("masks/RUNMC23_14.png"), masks.resolve("corrupt.png"));
        // NaN-filled 32-bit image
        ij.process.FloatProcessor fp = new ij.process.FloatProcessor(ref.getWidth(), ref.getHeight());
        fp.set(Float.NaN);
        new ij.io.FileSaver(new ij.ImagePlus("nan", fp)).saveAsTiff(images.resolve("nan.tif").toString());
        Files.copy(srcDir.resolve("masks/BMC26_16.png"), masks.resolve("nan.png"));

        Path out = tmp.resolve("out");
        ok(args("--checkpoint", model(), "--data", data.toString(), "--prompt", "box", "--out", out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("problems.csv"), StandardCharsets.UTF_8);
        String all = String.join("\n", lines);
        assertEquals(5, lines.size(), all);
        assertTrue(all.contains("size.png") && all.contains("SIZE_MISMATCH"), all);
        assertTrue(all.contains("empty.png") && all.contains("empty ground truth"), all);
        assertTrue(all.contains("corrupt.png") && all.contains("UNREADABLE_IMAGE"), all);
        assertTrue(all.contains("nan.tif"), all);
        MetricsTable t = MetricsTable.read(out.resolve("metrics.csv"));
        assertEquals(1, t.size());
        assertEquals("good.png", t.rows().get(0).caseName());
    }

    @Test
    void argumentErrors() {
        CliRun dup = CliRun.of(args("--checkpoint", model(), "--checkpoint", model(), "--data",
                PROSTATE.resolve("MRI-Prostate/val_5shot.csv").toString(), "--out", tmp.toString()));
        assertEquals(1, dup.exitCode);
        assertTrue(dup.err.contains("two checkpoints are named 'model'"), dup.err);
        CliRun mode = CliRun.of(args("--checkpoint", model(), "--data", PROSTATE.toString(), "--prompt", "lasso",
                "--out", tmp.toString()));
        assertEquals(1, mode.exitCode);
        assertTrue(mode.err.contains("--prompt must be none, box, point or propagate"), mode.err);
        CliRun multi = CliRun.of(args("--checkpoint", model(), "--data", HIPPO.toString(), "--targets", "multi_all",
                "--out", tmp.toString()));
        assertEquals(1, multi.exitCode);
        assertTrue(multi.err.contains("multi_all need --num-classes"), multi.err);
    }
}
