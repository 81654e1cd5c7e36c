package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void pilNearestHandChecked() {
        // 3 -> 5: scale 0.6, positions 0.3 0.9 1.5 2.1 2.7 -> 0 0 1 2 2
        assertArrayEquals(new int[] {0, 0, 1, 2, 2}, PilNearest.sourceIndices(3, 5));
        // 4 -> 2: positions 1, 3
        assertArrayEquals(new int[] {1, 3}, PilNearest.sourceIndices(4, 2));
        // 384 -> 1024 (the MRI slices): floor((d + 0.5) * 384 / 1024), exact in integers
        int[] idx = PilNearest.sourceIndices(384, 1024);
        for (int d = 0; d < 1024; d++) {
            assertEquals(((2 * d + 1) * 384) / 2048, idx[d], "d=" + d);
        }
        assertEquals(0, idx[2]);   // 2.5 * 0.375 = 0.9375
        assertEquals(1, idx[3]);   // 3.5 * 0.375 = 1.3125
        assertEquals(383, idx[1023]);
        int[] plane = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high
        assertArrayEquals(new int[] {1, 1, 2, 3, 3, 4, 4, 5, 6, 6}, PilNearest.resize(plane, 3, 2, 5, 2));
    }

    @Test
    void lowResTargetBilinearRoundKeepsPixelsWithThreeOfFourCentreSamples() {
        // 8x8 -> 2x2 (4x shrink): output (0,0) averages rows/cols 1..2, output (1,0) cols 5..6 of rows 1..2
        int[] m = new int[64];
        m[1 * 8 + 1] = 1; m[1 * 8 + 2] = 1; m[2 * 8 + 1] = 1;            // 3 of 4 centre samples -> 1
        m[1 * 8 + 5] = 1; m[2 * 8 + 6] = 1;                               // 2 of 4 -> 0.5 -> rounds to even 0
        m[0] = 1; m[3 * 8 + 3] = 1;                                       // outside the centre: no effect
        m[5 * 8 + 0] = 1; m[5 * 8 + 1] = 1; m[6 * 8 + 1] = 1; m[6 * 8 + 2] = 1; // (0,1): 3 of 4 centre -> 1
        assertArrayEquals(new int[] {1, 0, 1, 0}, LowResTarget.resize(m, 8, 2, LowResTarget.Mode.TORCHVISION_BILINEAR));
    }

    @Test
    void lowResTargetAntialiasAndNearestHandChecked() {
        // vertical stripe of ones at columns 2,3,4 of an 8x8 plane, shrunk to 2x2
        int[] m = new int[64];
        for (int y = 0; y < 8; y++) {
            m[y * 8 + 2] = 1; m[y * 8 + 3] = 1; m[y * 8 + 4] = 1;
        }
        // no antialias: column 0 samples cols 1,2 -> 0.5 -> 0; column 1 samples cols 5,6 -> 0
        assertArrayEquals(new int[] {0, 0, 0, 0}, LowResTarget.resize(m, 8, 2, LowResTarget.Mode.TORCHVISION_BILINEAR));
        // antialias: triangle weights over cols 0..5 = (5,7,7,5,3,1)/28 -> (7+5+3)/28 = 0.536 -> 1;
        // over cols 2..7 = (1,3,5,7,7,5)/28 -> (1+3+5)/28 = 0.32 -> 0
        assertArrayEquals(new int[] {1, 0, 1, 0},
                LowResTarget.resize(m, 8, 2, LowResTarget.Mode.TORCHVISION_BILINEAR_ANTIALIAS));
        // nearest (PIL rule): source col floor((d+0.5)*4) = 2, 6
        assertArrayEquals(new int[] {1, 0, 1, 0}, LowResTarget.resize(m, 8, 2, LowResTarget.Mode.NEAREST));
    }

    @Test
    void bilinearTargetInventsClassIdsAtMultiClassBoundariesNearestDoesNot() {
        // label 1 on the left half, 3 on the right half of a 4x4 plane, shrunk to 2x2... use 8 -> 4 (2x):
        int[] m = new int[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                m[y * 8 + x] = x < 3 ? 1 : 3;
            }
        }
        // 2x shrink: output column 1 samples source 2.5 -> (1 + 3) / 2 = 2, a class that is not in the mask
        int[] bil = LowResTarget.resize(m, 8, 4, LowResTarget.Mode.TORCHVISION_BILINEAR);
        assertEquals(2, bil[1]);
        for (int v : LowResTarget.resize(m, 8, 4, LowResTarget.Mode.NEAREST)) {
            assertEquals(true, v == 1 || v == 3);
        }
    }
}
