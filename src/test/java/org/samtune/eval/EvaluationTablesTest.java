package org.samtune.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.io.NiftiImage;
import org.samtune.io.NiftiReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** metrics.csv / summary.csv plumbing: exact arithmetic, NaN conventions, seeded bootstrap, perfect predictions. */
class EvaluationTablesTest {
    @TempDir
    Path tmp;

    @Test
    void describeFollowsTheDocumentedFormulas() {
        double[] v = {0.5, 0.7, Double.NaN, 0.9, 0.1};
        SummaryStatistics.Stats s = SummaryStatistics.describe(v, 1000, 7);
        assertEquals(4, s.n());
        assertEquals(1, s.nNaN());
        assertEquals(0.55, s.mean(), 1e-15);
        // sample std (n - 1): deviations -0.05, 0.15, 0.35, -0.45 -> squares sum 0.35, / 3
        assertEquals(Math.sqrt(0.35 / 3), s.std(), 1e-15);
        assertEquals(0.6, s.median(), 1e-15); // numpy linear: (0.5 + 0.7) / 2
        assertTrue(s.ciLow() <= s.mean() && s.mean() <= s.ciHigh(), s.toString());
        assertTrue(s.ciLow() >= 0.1 && s.ciHigh() <= 0.9);
    }

    @Test
    void bootstrapIsSeededAndReproducible() {
        double[] v = {0.61, 0.72, 0.55, 0.93, 0.80, 0.47, 0.68};
        double[] a = SummaryStatistics.bootstrapCi(v, 1000, 42, 0.95);
        double[] b = SummaryStatistics.bootstrapCi(v, 1000, 42, 0.95);
        double[] c = SummaryStatistics.bootstrapCi(v, 1000, 43, 0.95);
        assertArrayEquals(a, b, 0.0);
        assertFalse(a[0] == c[0] && a[1] == c[1], "another seed draws other resamples");
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        assertTrue(a[0] < mean && mean < a[1]);
        // one value: every resample mean is that value
        assertArrayEquals(new double[] {0.3, 0.3}, SummaryStatistics.bootstrapCi(new double[] {0.3}, 100, 1, 0.95), 0);
        // no value: undefined
        assertTrue(Double.isNaN(SummaryStatistics.describe(new double[] {Double.NaN}, 10, 1).mean()));
    }

    @Test
    void bootstrapMatchesAnIndependentResampling() {
        // the documented procedure, written out with the same generator: n draws nextInt(n) per resample
        double[] v = {1, 2, 4, 8};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] means = new double[200];
        for (int b = 0; b < 200; b++) {
            double s = 0;
            for (int i = 0; i < 4; i++) {
                s += v[rng.nextInt(4)];
            }
            means[b] = s / 4;
        }
        java.util.Arrays.sort(means);
        double h = 199 * 0.025;
        double lo = means[(int) h] + (h - (int) h) * (means[(int) h + 1] - means[(int) h]);
        assertEquals(lo, SummaryStatistics.bootstrapCi(v, 200, 5, 0.95)[0], 1e-12);
    }

    @Test
    void metricsTableRoundTripsNaNAndQuotedNames() throws Exception {
        MetricsTable t = new MetricsTable();
        t.add(new MetricsTable.Row("m1", "a,b \"c\".png", "", 1, 0.25, 1.0 / 7, 1, 0, Double.NaN, Double.NaN, 0.5));
        t.add(new MetricsTable.Row("m1", "vol", "all", 2, 1e-9, 0, 0, 0, 3.5, 1.25, Double.NaN));
        Path f = tmp.resolve("metrics.csv");
        t.write(f);
        List<String> lines = java.nio.file.Files.readAllLines(f);
        assertEquals(MetricsTable.HEADER, lines.get(0));
        assertTrue(lines.get(1).contains(",nan,nan,"), lines.get(1));
        MetricsTable back = MetricsTable.read(f);
        assertEquals(t.rows(), back.rows()); // records compare doubles exactly (NaN equals NaN)
    }

    @Test
    void exactOverlapArithmeticThroughTheScorer() {
        // 4x3 plane, row-major: prediction = 2x2 square at (0,0); truth = 2x3 block at (1,0)
        int w = 4;
        int h = 3;
        int[] pred = new int[w * h];
        int[] gt = new int[w * h];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                pred[y * w + x] = 1;
            }
        }
        for (int y = 0; y < 2; y++) {
            for (int x = 1; x < 4; x++) {
                gt[y * w + x] = 1;
            }
        }
        List<MetricsTable.Row> rows = new CaseScorer(1).score("m", "c", "", pred, gt, new int[] {w, h},
                new double[] {1, 1}, 1, 2);
        assertEquals(1, rows.size(), "class 2 is in neither map");
        MetricsTable.Row r = rows.get(0);
        // |P| = 4, |G| = 6, |P∩G| = 2
        assertEquals(2.0 * 2 / 10, r.dice(), 1e-15);
        assertEquals(2.0 / 8, r.iou(), 1e-15);
        assertEquals(2.0 / 4, r.precision(), 1e-15);
        assertEquals(2.0 / 6, r.recall(), 1e-15);
        // surfaces: every pixel of both masks is on the border; P's column 0 lies 1 px from G, G's column 3 2 px from P
        assertEquals(2.0, SegmentationMetrics.hausdorff(SegmentationMetrics.classMask(pred, 1),
                SegmentationMetrics.classMask(gt, 1), new int[] {w, h}, new double[] {1, 1}), 0);
    }

    @Test
    void emptyPredictionGivesNaNDistancesLeftOutOfTheSummary() {
        int[] gt = {0, 1, 1, 0};
        int[] pred = {0, 0, 0, 0};
        MetricsTable t = new MetricsTable();
        t.addAll(new CaseScorer(1).score("m", "empty", "", pred, gt, new int[] {4, 1}, new double[] {1, 1}, 1));
        t.addAll(new CaseScorer(1).score("m", "full", "", gt, gt, new int[] {4, 1}, new double[] {1, 1}, 1));
        assertEquals(0.0, t.rows().get(0).dice());
        assertTrue(Double.isNaN(t.rows().get(0).hd95()));
        Map<String, SummaryStatistics.Stats> byMetric = new java.util.HashMap<>();
        for (SummaryStatistics.Group g : SummaryStatistics.summarize(t, 100, 1)) {
            byMetric.put(g.metric(), g.stats());
        }
        assertEquals(0.5, byMetric.get("dice").mean(), 0);
        assertEquals(2, byMetric.get("dice").n());
        assertEquals(1, byMetric.get("hd95").n());
        assertEquals(1, byMetric.get("hd95").nNaN());
        assertEquals(0.0, byMetric.get("hd95").mean(), 0);
    }

    /** A "perfect model": the ground truth scored against itself through the table and summary code. */
    @Test
    void groundTruthAgainstItselfIsPerfectIn2dAnd3d() throws Exception {
        NiftiImage label = NiftiReader.read(Path.of("src/test/resources/datasets/msd-hippocampus/labels/hippocampus_001.nii.gz"));
        int[] gt = label.toLabelArray();
        int[] dims = {label.dim(0), label.dim(1), label.dim(2)};
        CaseScorer scorer = new CaseScorer(1.0);
        MetricsTable t = new MetricsTable();
        t.addAll(scorer.score("gt", "hippocampus_001", MetricsTable.WHOLE_VOLUME, gt, gt, dims, label.spacing(), 1, 2));
        // one axial slice as a 2-D case
        int z = dims[2] / 2;
        int[] plane = new int[dims[0] * dims[1]];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = gt[z * plane.length + i];
        }
        t.addAll(scorer.score("gt", "hippocampus_001", Integer.toString(z), plane, plane, new int[] {dims[0], dims[1]},
                new double[] {1, 1}, 1, 2));
        assertTrue(t.size() >= 3, "both classes in the volume, at least one in the slice");
        Path f = tmp.resolve("m.csv");
        t.write(f);
        for (MetricsTable.Row r : MetricsTable.read(f).rows()) {
            assertEquals(1.0, r.dice(), 0);
            assertEquals(1.0, r.iou(), 0);
            assertEquals(1.0, r.precision(), 0);
            assertEquals(1.0, r.recall(), 0);
            assertEquals(0.0, r.hd95(), 0);
            assertEquals(0.0, r.assd(), 0);
            assertEquals(1.0, r.nsd(), 0);
        }
        Path s = tmp.resolve("s.csv");
        SummaryStatistics.write(SummaryStatistics.summarize(t, 1000, 3), s);
        for (SummaryStatistics.Group g : SummaryStatistics.read(s)) {
            if (g.metric().equals("dice")) {
                assertEquals(1.0, g.stats().mean(), 0);
                assertEquals(1.0, g.stats().ciLow(), 0);
                assertEquals(1.0, g.stats().ciHigh(), 0);
            }
        }
    }

    @Test
    void boxStatisticsAndDrawing() throws Exception {
        BoxPlot.Box b = BoxPlot.box(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, Double.NaN, 0.95});
        assertEquals(6, b.n());
        assertEquals(0.225, b.q1(), 1e-12);
        assertEquals(0.35, b.median(), 1e-12);
        assertEquals(0.475, b.q3(), 1e-12);
        // fence 0.475 + 1.5 * 0.25 = 0.85: 0.95 is an outlier, the upper whisker ends at 0.5
        assertEquals(0.5, b.whiskerHigh(), 0);
        assertArrayEquals(new double[] {0.95}, b.outliers(), 0);
        Path f = tmp.resolve("box.png");
        BoxPlot.write(List.of("a", "b"), List.of(1, 2), Map.of("a", Map.of(1, new double[] {0.2, 0.8}),
                "b", Map.of(2, new double[] {0.5})), "t", "Dice", f, m -> fail(m));
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() >= 320 && img.getHeight() > 300);
    }

    @Test
    void overlayPickerKeepsBestAndWorst() {
        OverlayPicker<String> p = new OverlayPicker<>(2);
        double[] scores = {0.5, Double.NaN, 0.9, 0.1, 0.7, 0.1};
        for (int i = 0; i < scores.length; i++) {
            p.offer(scores[i], "c" + i, "item" + i);
        }
        assertEquals(List.of("c2", "c4"), p.best().stream().map(OverlayPicker.Entry::name).toList());
        assertEquals(List.of("c3", "c5"), p.worst().stream().map(OverlayPicker.Entry::name).toList());
    }
}
