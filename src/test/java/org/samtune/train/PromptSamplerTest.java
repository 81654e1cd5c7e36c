package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samtune.io.PilImageReader;

class PromptSamplerTest {

    static final int W = 120;
    static final int H = 100;

    /** Four regions: big rectangle, ellipse, small square, single pixel; values 1. */
    static int[] synthetic() {
        int[] m = new int[W * H];
        for (int y = 10; y < 50; y++) {
            for (int x = 5; x < 65; x++) {
                m[y * W + x] = 1;             // 60 x 40 = 2400 px
            }
        }
        for (int y = 55; y < 95; y++) {
            for (int x = 70; x < 118; x++) {
                double dx = (x - 94) / 24.0;
                double dy = (y - 75) / 20.0;
                if (dx * dx + dy * dy <= 1) {
                    m[y * W + x] = 1;         // ellipse ~ 1500 px
                }
            }
        }
        for (int y = 70; y < 80; y++) {
            for (int x = 10; x < 20; x++) {
                m[y * W + x] = 1;             // 100 px
            }
        }
        m[5 * W + 100] = 1;                   // 1 px, the 4th region: not among the largest 3
        return m;
    }

    /** Brute-force Euclidean distance from pixel p to the nearest pixel outside its region. */
    static double euclideanDepth(int[] lab, int p) {
        int px = p % W;
        int py = p / W;
        double best = Double.MAX_VALUE;
        for (int y = -1; y <= H; y++) {
            for (int x = -1; x <= W; x++) {
                boolean outside = x < 0 || y < 0 || x >= W || y >= H || lab[y * W + x] != lab[p];
                if (outside) {
                    best = Math.min(best, Math.hypot(x - px, y - py));
                }
            }
        }
        return best;
    }

    @Test
    void pointsComeFromTheDeepestTenPercentOfTheLargestRegions() {
        int[] m = synthetic();
        ConnectedRegions cr = ConnectedRegions.of(m, W, H);
        int[] lab = cr.labels();
        PromptSampler ps = new PromptSampler(PromptConfig.points());
        // true (Euclidean) depth of every object pixel and the 90th-percentile depth of each region
        double[] depth = new double[lab.length];
        double[] q90 = new double[cr.regions().size() + 1];
        for (ConnectedRegions.Region reg : cr.regions()) {
            List<Double> depths = new ArrayList<>();
            for (int q = 0; q < lab.length; q++) {
                if (lab[q] == reg.id()) {
                    depth[q] = euclideanDepth(lab, q);
                    depths.add(depth[q]);
                }
            }
            depths.sort((a, b) -> Double.compare(b, a));
            q90[reg.id()] = Math.max(1, depths.get((int) (0.1 * depths.size())));
        }
        boolean[] regionHit = new boolean[cr.regions().size() + 1];
        for (int seed = 0; seed < 20; seed++) {
            PromptSampler.Result r = ps.sample(m, W, H, new SplittableRandom(seed));
            Prompts p = r.prompts();
            assertEquals(8, p.numPoints());
            assertEquals(null, p.boxes());
            for (int i = 0; i < 8; i++) {
                assertEquals(1f, p.pointLabels()[i]);
                int x = (int) p.pointCoords()[2 * i];
                int y = (int) p.pointCoords()[2 * i + 1];
                int id = lab[y * W + x];
                assertTrue(id > 0, "point on the object");
                regionHit[id] = true;
                // deepest 10 %: the point's true depth is at least ~the 90th percentile depth of its region
                // (5x5 chamfer distances are within a few % of Euclidean)
                assertTrue(depth[y * W + x] >= 0.9 * q90[id],
                        "depth " + depth[y * W + x] + " vs 90th percentile " + q90[id]);
            }
            // points 6..8 repeat the 5th (padding)
            assertEquals(p.pointCoords()[8], p.pointCoords()[14]);
            assertEquals(p.pointCoords()[9], p.pointCoords()[15]);
            // the ground truth becomes the union of the 3 largest regions: the 1-pixel region is dropped
            assertEquals(0, r.mask()[5 * W + 100]);
            assertEquals(1, r.mask()[20 * W + 20]);
            assertEquals(Arrays.stream(m).sum() - 1, Arrays.stream(r.mask()).sum());
        }
        // random_sum_to gives every chosen region at least one of the 5 points; the lone pixel never
        // (ids in raster order: the lone pixel at row 5 is region 1)
        assertTrue(regionHit[lab[20 * W + 20]] && regionHit[lab[75 * W + 94]] && regionHit[lab[75 * W + 15]]);
        assertFalse(regionHit[lab[5 * W + 100]]);
    }

    @Test
    void boxesContainTheObjectWithAtMostTenPercentOutwardJitter() {
        int[] m = synthetic();
        ConnectedRegions cr = ConnectedRegions.of(m, W, H);
        List<ConnectedRegions.Region> top = cr.largestFirst().subList(0, 3);
        PromptSampler ps = new PromptSampler(PromptConfig.boxes());
        double maxJitter = 0;
        for (int seed = 0; seed < 50; seed++) {
            Prompts p = ps.sample(m, W, H, new SplittableRandom(seed)).prompts();
            assertEquals(3, p.numBoxes());
            assertEquals(null, p.pointCoords());
            for (int b = 0; b < 3; b++) {
                ConnectedRegions.Region r = top.get(b);
                float[] box = Arrays.copyOfRange(p.boxes(), 4 * b, 4 * b + 4);
                double jx = 0.1 * (r.maxX() - r.minX());
                double jy = 0.1 * (r.maxY() - r.minY());
                assertTrue(box[0] <= r.minX() && box[0] >= r.minX() - jx - 1e-4, Arrays.toString(box));
                assertTrue(box[1] <= r.minY() && box[1] >= r.minY() - jy - 1e-4, Arrays.toString(box));
                assertTrue(box[2] >= r.maxX() && box[2] <= r.maxX() + jx + 1e-4, Arrays.toString(box));
                assertTrue(box[3] >= r.maxY() && box[3] <= r.maxY() + jy + 1e-4, Arrays.toString(box));
                maxJitter = Math.max(maxJitter, (r.minX() - box[0]) / jx);
            }
        }
        assertTrue(maxJitter > 0.8, "jitter uses its range: " + maxJitter);
    }

    @Test
    void boxesAreClippedToTheImageAndPaddedByRepetition() {
        int[] m = new int[W * H];
        for (int y = 0; y < 30; y++) {
            for (int x = 90; x < W; x++) {
                m[y * W + x] = 1; // touches the top and right borders
            }
        }
        Prompts p = new PromptSampler(PromptConfig.boxes()).sample(m, W, H, new SplittableRandom(3)).prompts();
        assertEquals(0f, p.boxes()[1]);
        assertTrue(p.boxes()[2] <= W);
        assertArrayEquals(Arrays.copyOfRange(p.boxes(), 0, 4), Arrays.copyOfRange(p.boxes(), 8, 12));
    }

    @Test
    void emptyMaskGivesPaddingPromptsAndEmptyTarget() {
        int[] m = new int[W * H];
        PromptSampler.Result r = new PromptSampler(PromptConfig.hybrid()).sample(m, W, H, new SplittableRandom(1));
        assertEquals(8, r.prompts().numPoints());
        for (int i = 0; i < 8; i++) {
            assertEquals(-1f, r.prompts().pointLabels()[i]);
            assertEquals(0f, r.prompts().pointCoords()[2 * i]);
        }
        assertArrayEquals(new float[12], r.prompts().boxes());
        assertEquals(0, Arrays.stream(r.mask()).sum());
    }

    @Test
    void sameSeedSamePromptsDifferentSeedDifferentPrompts() {
        int[] m = synthetic();
        PromptSampler ps = new PromptSampler(PromptConfig.hybrid());
        Prompts a = ps.sample(m, W, H, new SplittableRandom(11)).prompts();
        Prompts b = ps.sample(m, W, H, new SplittableRandom(11)).prompts();
        Prompts c = ps.sample(m, W, H, new SplittableRandom(12)).prompts();
        assertArrayEquals(a.pointCoords(), b.pointCoords());
        assertArrayEquals(a.boxes(), b.boxes());
        assertFalse(Arrays.equals(a.pointCoords(), c.pointCoords()) && Arrays.equals(a.boxes(), c.boxes()));
    }

    @Test
    void negativePointsLieOnBackgroundNearTheObject() {
        int[] m = synthetic();
        PromptSampler ps = new PromptSampler(PromptConfig.points().withNegatives(4));
        Prompts p = ps.sample(m, W, H, new SplittableRandom(5)).prompts();
        assertEquals(12, p.numPoints());
        for (int i = 8; i < 12; i++) {
            assertEquals(0f, p.pointLabels()[i]);
            int x = (int) p.pointCoords()[2 * i];
            int y = (int) p.pointCoords()[2 * i + 1];
            assertEquals(0, m[y * W + x]);
        }
    }

    @Test
    void randomRegionModeGivesOneBoxAndOnePoint() {
        int[] m = synthetic();
        PromptSampler.Result r = new PromptSampler(PromptConfig.hybrid().withRandomRegion())
                .sample(m, W, H, new SplittableRandom(9));
        assertEquals(1, r.prompts().numBoxes());
        int x = (int) r.prompts().pointCoords()[0];
        int y = (int) r.prompts().pointCoords()[1];
        float[] box = r.prompts().boxes();
        assertTrue(x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3], "point inside the box of its region");
        assertEquals(1, r.mask()[y * W + x]);
    }

    @Test
    void randomSumToIsACompositionIntoPositiveParts() {
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < 200; i++) {
            int[] parts = PromptSampler.randomSumTo(rng, 5, 3);
            assertEquals(3, parts.length);
            assertEquals(5, Arrays.stream(parts).sum());
            assertTrue(Arrays.stream(parts).allMatch(v -> v >= 1));
        }
        assertArrayEquals(new int[] {5}, PromptSampler.randomSumTo(rng, 5, 1));
    }

    @Test
    void realProstateMaskPointsAndBox() throws Exception {
        LabelImage raw = PilImageReader.readL(TestData.mask("BMC26_16.png"));
        int[] m = PilNearest.resize(raw.labels(), raw.width(), raw.height(), 1024, 1024);
        TargetSpec.combineAll().applyInPlace(m); // 254 and 255 zones merge into one object
        PromptSampler.Result r = new PromptSampler(PromptConfig.hybrid()).sample(m, 1024, 1024, new SplittableRandom(0));
        float[] box = r.prompts().boxes();
        int minX = 1024;
        int maxX = -1;
        int minY = 1024;
        int maxY = -1;
        for (int i = 0; i < m.length; i++) {
            if (r.mask()[i] == 1) {
                minX = Math.min(minX, i % 1024);
                maxX = Math.max(maxX, i % 1024);
                minY = Math.min(minY, i / 1024);
                maxY = Math.max(maxY, i / 1024);
            }
        }
        assertTrue(box[0] <= minX && box[1] <= minY && box[2] >= maxX && box[3] >= maxY);
        assertTrue(box[0] >= minX - 0.1 * (maxX - minX) - 1e-3 && box[2] <= maxX + 0.1 * (maxX - minX) + 1e-3);
        for (int i = 0; i < 8; i++) {
            int x = (int) r.prompts().pointCoords()[2 * i];
            int y = (int) r.prompts().pointCoords()[2 * i + 1];
            assertEquals(1, m[y * 1024 + x]);
            // deep inside: no background within 5 px (the gland is ~100 px across at this scale)
            for (int dy = -5; dy <= 5; dy++) {
                for (int dx = -5; dx <= 5; dx++) {
                    assertEquals(1, m[(y + dy) * 1024 + x + dx]);
                }
            }
        }
    }
}
