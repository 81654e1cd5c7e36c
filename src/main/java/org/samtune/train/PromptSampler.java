package org.samtune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * finetune-SAM's prompt generation from the (augmented) target mask, utils/funcs.py:
 * <ul>
 *   <li>regions: 8-connected components of equal value ({@link ConnectedRegions}), largest first;</li>
 *   <li>points ({@code get_first_prompt}): {@code promptNum} points split over the {@code largestK} largest regions
 *       by a random composition ({@code random_sum_to}); in each region, pixels whose 5x5 chamfer distance to the
 *       outside (region padded by one pixel) is at least the distance found at index {@code int(0.1 * area)} of the
 *       descending distances (and at least 1) are candidates, drawn uniformly with replacement; (x=col, y=row,
 *       label 1); padded to {@code maxPromptNum} by repeating the last point; an empty mask gives (0,0,-1) points;</li>
 *   <li>boxes ({@code get_top_boxes} / {@code MaskToBoxSimple}): tight inclusive box of each of the k largest regions,
 *       each side pushed outward by U[0,1) * 0.1 * (max - min) and clipped to [0, W] / [0, H]; padded to k boxes
 *       by repeating the last;</li>
 *   <li>the returned ground truth is the binary union of the chosen regions.</li>
 * </ul>
 * Deviation: for an empty mask finetune-SAM pads boxes to its function default 5 (3 otherwise), which breaks batch
 * collation; here it is always k zero boxes (1 for random-region mode).
 */
public final class PromptSampler {

    /** Prompts and the ground truth that goes with them (union of chosen regions, 0/1). */
    public record Result(Prompts prompts, int[] mask) {}

    private final PromptConfig cfg;

    public PromptSampler(PromptConfig cfg) {
        this.cfg = cfg;
    }

    public Result sample(int[] mask, int width, int height, SplittableRandom rng) {
        ConnectedRegions cr = ConnectedRegions.of(mask, width, height);
        List<ConnectedRegions.Region> sorted = cr.largestFirst();
        int[] lab = cr.labels();

        // which regions get boxes, which get how many points
        List<ConnectedRegions.Region> boxRegions = new ArrayList<>();
        List<ConnectedRegions.Region> pointRegions = new ArrayList<>();
        int[] pointsPerRegion = new int[0];
        if (!sorted.isEmpty()) {
            if (cfg.randomRegion()) {
                ConnectedRegions.Region r = sorted.get(rng.nextInt(sorted.size()));
                boxRegions.add(r);
                pointRegions.add(r);
                pointsPerRegion = new int[] {1};
            } else {
                int k = Math.min(cfg.largestK(), sorted.size());
                boxRegions.addAll(sorted.subList(0, k));
                int promptNum = cfg.promptNum() > 0 ? cfg.promptNum() : 1 + rng.nextInt(cfg.maxPromptNum());
                if (k < promptNum) {
                    pointsPerRegion = randomSumTo(rng, promptNum, k);
                } else {
                    pointsPerRegion = new int[promptNum];
                    java.util.Arrays.fill(pointsPerRegion, 1);
                }
                pointRegions.addAll(sorted.subList(0, Math.min(k, promptNum)));
            }
        }

        boolean wantPoints = cfg.mode() != PromptConfig.Mode.BOX;
        boolean wantBoxes = cfg.mode() != PromptConfig.Mode.POINT;
        int[] gt = new int[mask.length];
        if (wantBoxes) {
            markUnion(gt, lab, boxRegions);
        }
        if (wantPoints) {
            markUnion(gt, lab, pointRegions);
        }

        float[] coords = null;
        float[] labels = null;
        if (wantPoints) {
            int nPos = cfg.maxPromptNum();
            int n = nPos + cfg.negativePoints();
            coords = new float[2 * n];
            labels = new float[n];
            int filled = 0;
            if (pointRegions.isEmpty()) {
                for (int i = 0; i < nPos; i++) {
                    labels[i] = -1f;
                }
                filled = nPos;
            } else {
                for (int r = 0; r < pointRegions.size(); r++) {
                    int[] candidates = deepestPixels(lab, width, pointRegions.get(r));
                    for (int p = 0; p < pointsPerRegion[r] && filled < nPos; p++) {
                        int pix = candidates[rng.nextInt(candidates.length)];
                        coords[2 * filled] = pix % width;
                        coords[2 * filled + 1] = pix / width;
                        labels[filled++] = 1f;
                    }
                }
                for (; filled < nPos; filled++) {
                    coords[2 * filled] = coords[2 * filled - 2];
                    coords[2 * filled + 1] = coords[2 * filled - 1];
                    labels[filled] = 1f;
                }
            }
            sampleNegatives(mask, width, height, pointRegions, coords, labels, filled, rng);
        }

        float[] boxes = null;
        if (wantBoxes) {
            int k = cfg.randomRegion() ? 1 : cfg.largestK();
            boxes = new float[4 * k];
            int b = 0;
            for (ConnectedRegions.Region r : boxRegions) {
                jitteredBox(r, width, height, rng, boxes, 4 * b++);
            }
            if (b > 0) {
                for (; b < k; b++) {
                    System.arraycopy(boxes, 4 * (b - 1), boxes, 4 * b, 4);
                }
            }
        }
        return new Result(new Prompts(coords, labels, boxes), gt);
    }

    /** Python {@code random_sum_to(n, terms)}: cut points sampled without replacement from 1..n-1. */
    static int[] randomSumTo(SplittableRandom rng, int n, int terms) {
        int[] pool = new int[n - 1];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i + 1;
        }
        int cuts = terms - 1;
        for (int i = 0; i < cuts; i++) { // partial Fisher-Yates = random.sample
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] a = new int[cuts + 2];
        System.arraycopy(pool, 0, a, 0, cuts);
        a[cuts] = 0;
        a[cuts + 1] = n;
        java.util.Arrays.sort(a);
        int[] parts = new int[terms];
        for (int i = 0; i < terms; i++) {
            parts[i] = a[i + 1] - a[i];
        }
        return parts;
    }

    /**
     * Candidate pixels (row-major flat indices) of a region for point prompts: chamfer distance >= threshold.
     * The distance transform runs on the region's bounding box plus a zero ring, which gives the same distances
     * as finetune-SAM's full padded image (every outside zero is farther than the ring).
     */
    public int[] deepestPixels(int[] lab, int width, ConnectedRegions.Region r) {
        int x0 = r.minX() - 1;
        int y0 = r.minY() - 1;
        int w = r.maxX() - r.minX() + 3;
        int h = r.maxY() - r.minY() + 3;
        boolean[] fg = new boolean[w * h];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                fg[y * w + x] = lab[(y0 + y) * width + x0 + x] == r.id();
            }
        }
        float[] dist = ChamferDistance.transform(fg, w, h);
        float[] positive = new float[r.area()];
        int n = 0;
        for (int i = 0; i < dist.length; i++) {
            if (dist[i] > 0) {
                positive[n++] = dist[i];
            }
        }
        java.util.Arrays.sort(positive, 0, n);
        int idx = (int) (cfg.distThreRatio() * n); // index into the descending order
        float threshold = Math.max(positive[n - 1 - idx], 1f);
        int count = 0;
        for (float d : dist) {
            if (d >= threshold) {
                count++;
            }
        }
        int[] out = new int[count];
        int c = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (dist[y * w + x] >= threshold) {
                    out[c++] = (y0 + y) * width + x0 + x;
                }
            }
        }
        return out;
    }

    /** MaskToBoxSimple: inclusive tight box, each side pushed out by U[0,1) * ratio * extent, clipped to [0, W/H]. */
    private void jitteredBox(ConnectedRegions.Region r, int width, int height, SplittableRandom rng,
                             float[] out, int at) {
        double yThre = (r.maxY() - r.minY()) * cfg.distThreRatio();
        double xThre = (r.maxX() - r.minX()) * cfg.distThreRatio();
        double x0 = Math.max(0, r.minX() - xThre * rng.nextDouble());
        double x1 = Math.min(width, r.maxX() + xThre * rng.nextDouble());
        double y0 = Math.max(0, r.minY() - yThre * rng.nextDouble());
        double y1 = Math.min(height, r.maxY() + yThre * rng.nextDouble());
        out[at] = (float) x0;
        out[at + 1] = (float) y0;
        out[at + 2] = (float) x1;
        out[at + 3] = (float) y1;
    }

    private static void markUnion(int[] gt, int[] lab, List<ConnectedRegions.Region> regions) {
        if (regions.isEmpty()) {
            return;
        }
        int maxId = 0;
        for (ConnectedRegions.Region r : regions) {
            maxId = Math.max(maxId, r.id());
        }
        boolean[] chosen = new boolean[maxId + 1];
        for (ConnectedRegions.Region r : regions) {
            chosen[r.id()] = true;
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] > 0 && lab[i] <= maxId && chosen[lab[i]]) {
                gt[i] = 1;
            }
        }
    }

    /** Extension: label-0 points on background near the chosen regions (or anywhere on background). */
    private void sampleNegatives(int[] mask, int width, int height, List<ConnectedRegions.Region> regions,
                                 float[] coords, float[] labels, int from, SplittableRandom rng) {
        int n = cfg.negativePoints();
        if (n == 0) {
            return;
        }
        int[] pool = new int[0];
        if (!regions.isEmpty()) {
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            for (ConnectedRegions.Region r : regions) {
                minX = Math.min(minX, r.minX());
                minY = Math.min(minY, r.minY());
                maxX = Math.max(maxX, r.maxX());
                maxY = Math.max(maxY, r.maxY());
            }
            int mx = Math.max(1, (int) Math.ceil(cfg.negativeMargin() * (maxX - minX + 1)));
            int my = Math.max(1, (int) Math.ceil(cfg.negativeMargin() * (maxY - minY + 1)));
            pool = background(mask, width, Math.max(0, minX - mx), Math.max(0, minY - my),
                    Math.min(width - 1, maxX + mx), Math.min(height - 1, maxY + my));
        }
        if (pool.length == 0) {
            pool = background(mask, width, 0, 0, width - 1, height - 1);
        }
        for (int i = 0; i < n; i++) {
            int at = from + i;
            if (pool.length == 0) {
                labels[at] = -1f; // no background anywhere: padding point
                continue;
            }
            int pix = pool[rng.nextInt(pool.length)];
            coords[2 * at] = pix % width;
            coords[2 * at + 1] = pix / width;
            labels[at] = 0f;
        }
    }

    private static int[] background(int[] mask, int width, int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (mask[y * width + x] == 0) {
                    count++;
                }
            }
        }
        int[] out = new int[count];
        int c = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (mask[y * width + x] == 0) {
                    out[c++] = y * width + x;
                }
            }
        }
        return out;
    }
}
