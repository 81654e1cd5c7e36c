package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChamferAndRegionsTest {

    private static boolean[] fg(int w, int h, int... zeros) {
        boolean[] b = new boolean[w * h];
        java.util.Arrays.fill(b, true);
        for (int z : zeros) {
            b[z] = false;
        }
        return b;
    }

    @Test
    void chamferWeightsHandChecked() {
        // 3x3, only (0,0) is background; the image border is "far", not background (OpenCV)
        float[] d = ChamferDistance.transform(fg(3, 3, 0), 3, 3);
        assertEquals(0f, d[0]);
        assertEquals(1f, d[1]);                         // (1,0): one horizontal step
        assertEquals(2f, d[2]);                         // (2,0): two steps
        assertEquals(91750 / 65536f, d[4]);             // (1,1): diagonal 1.4 in 16-bit fixed point
        assertEquals(143976 / 65536f, d[5]);            // (2,1): knight move 2.1969
        assertEquals(2 * 91750 / 65536f, d[8]);         // (2,2): two diagonals
    }

    @Test
    void paddedSquareHasDepthIncreasingTowardsTheCentre() {
        // 5x5 square inside a 7x7 plane (finetune-SAM pads by one pixel)
        boolean[] b = new boolean[49];
        for (int y = 1; y <= 5; y++) {
            for (int x = 1; x <= 5; x++) {
                b[y * 7 + x] = true;
            }
        }
        float[] d = ChamferDistance.transform(b, 7, 7);
        assertEquals(1f, d[1 * 7 + 1]);
        assertEquals(1f, d[1 * 7 + 3]);
        assertEquals(2f, d[2 * 7 + 3]);
        assertEquals(3f, d[3 * 7 + 3]);
        assertEquals(2f, d[2 * 7 + 2]);
    }

    @Test
    void regionsAreEightConnectedSplitByValueAndOrderedLikeSkimage() {
        int[] m = {
            0, 1, 0, 0, 2,
            1, 0, 0, 0, 2,
            0, 0, 3, 0, 0,
            0, 0, 3, 3, 1,
        };
        ConnectedRegions cr = ConnectedRegions.of(m, 5, 4);
        List<ConnectedRegions.Region> r = cr.regions();
        assertEquals(4, r.size());
        // ids in raster order of first pixel: the diagonal 1s join (connectivity=2), 2s, 3s, the lone 1
        assertArrayEquals(new int[] {0, 1, 0, 0, 2, 1, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 3, 3, 4}, cr.labels());
        assertEquals(2, r.get(0).area());
        assertEquals(3, r.get(2).area());
        assertEquals(new ConnectedRegions.Region(3, 3, 2, 2, 3, 3), r.get(2));
        // area descending, ties (regions 1 and 2, area 2) broken by the higher id first
        List<ConnectedRegions.Region> s = cr.largestFirst();
        assertArrayEquals(new int[] {3, 2, 1, 4}, s.stream().mapToInt(ConnectedRegions.Region::id).toArray());
    }
}
