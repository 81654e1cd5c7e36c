package org.samtune.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The propagation logic with an oracle segmenter (returns the true object cut to the box it is given), so every
 * step is known: which slices are visited, which box each gets, where each direction stops.
 */
class VolumePropagationTest {
    static final int W = 12;
    static final int H = 10;

    /** A square of half-size r around (cx, cy) on slices lo..hi, nothing elsewhere. */
    static boolean[][] object(int slices, int lo, int hi) {
        boolean[][] v = new boolean[slices][W * H];
        for (int s = lo; s <= hi; s++) {
            int r = 1 + Math.min(s - lo, hi - s); // grows to the middle, shrinks after
            int cx = 5 + (s % 2); // shifts a little from slice to slice
            for (int y = 4 - r; y <= 4 + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    if (x >= 0 && x < W && y >= 0 && y < H) {
                        v[s][y * W + x] = true;
                    }
                }
            }
        }
        return v;
    }

    /** The truth on a slice, kept only inside the box grown by one pixel (it can follow a slowly growing object). */
    static VolumePropagation.BoxSegmenter oracle(boolean[][] truth, List<Integer> visits, List<float[]> boxes) {
        return (slice, box) -> {
            visits.add(slice);
            boxes.add(box);
            boolean[] out = new boolean[W * H];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = x >= box[0] - 1 && x < box[2] + 1 && y >= box[1] - 1 && y < box[3] + 1;
                    out[y * W + x] = inside && truth[slice][y * W + x];
                }
            }
            return out;
        };
    }

    @Test
    void walksBothWaysAndStopsWhereTheObjectEnds() throws Exception {
        boolean[][] truth = object(15, 4, 10);
        // a second object further up that the walk must not reach: the mask vanishes on slice 11 first
        boolean[][] other = object(15, 12, 14);
        for (int s = 12; s < 15; s++) {
            truth[s] = other[s];
        }
        List<Integer> visits = new ArrayList<>();
        List<float[]> boxes = new ArrayList<>();
        float[] start = VolumePropagation.boundingBox(truth[7], W, H);
        VolumePropagation.Result r = new VolumePropagation(W, H, 1).run(15, 7, start, oracle(truth, visits, boxes));
        assertEquals(4, r.first());
        assertEquals(10, r.last());
        assertEquals(7, r.segmentedSlices());
        // start, up to the first empty slice (11), then down to the first empty slice (3): each slice once
        assertEquals(List.of(7, 8, 9, 10, 11, 6, 5, 4, 3), visits);
        for (int s = 0; s < 15; s++) {
            if (s >= 4 && s <= 10) {
                assertArrayEquals(truth[s], r.masks()[s], "slice " + s);
            } else {
                assertNull(r.masks()[s], "slice " + s);
            }
        }
        // every box after the first is the tight box (exclusive end) of the neighbour's mask
        for (int k = 1; k < visits.size(); k++) {
            int s = visits.get(k);
            int from = s > 7 ? s - 1 : s + 1;
            assertArrayEquals(VolumePropagation.boundingBox(truth[from], W, H), boxes.get(k), 0f, "box of slice " + s);
            assertArrayEquals(boxes.get(k), r.boxes()[s], 0f);
        }
    }

    @Test
    void stopsAtTheVolumeEndsAndWhenTheStartMaskVanishes() throws Exception {
        boolean[][] truth = object(5, 0, 4);
        List<Integer> visits = new ArrayList<>();
        VolumePropagation.Result r = new VolumePropagation(W, H, 1).run(5, 0,
                VolumePropagation.boundingBox(truth[0], W, H), oracle(truth, visits, new ArrayList<>()));
        assertEquals(List.of(0, 1, 2, 3, 4), visits);
        assertEquals(5, r.segmentedSlices());

        boolean[][] empty = new boolean[5][W * H];
        List<Integer> v2 = new ArrayList<>();
        VolumePropagation.Result r2 = new VolumePropagation(W, H, 1).run(5, 2, new float[] {1, 1, 4, 4},
                oracle(empty, v2, new ArrayList<>()));
        assertEquals(List.of(2), v2);
        assertEquals(0, r2.segmentedSlices());
    }

    @Test
    void minimumAreaCountsSmallMasksAsVanished() throws Exception {
        boolean[][] truth = object(9, 1, 7); // 3x3 at the ends (r = 1), larger inside
        List<Integer> visits = new ArrayList<>();
        VolumePropagation.Result r = new VolumePropagation(W, H, 10).run(9, 4,
                VolumePropagation.boundingBox(truth[4], W, H), oracle(truth, visits, new ArrayList<>()));
        assertEquals(2, r.first());
        assertEquals(6, r.last());
    }

    @Test
    void boundingBoxUsesPixelEdges() {
        boolean[] m = new boolean[W * H];
        m[2 * W + 3] = true;
        m[5 * W + 7] = true;
        assertArrayEquals(new float[] {3, 2, 8, 6}, VolumePropagation.boundingBox(m, W, H), 0f);
        assertNull(VolumePropagation.boundingBox(new boolean[W * H], W, H));
    }
}
