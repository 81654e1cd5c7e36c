package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.samtune.io.NiftiImage;
import org.samtune.io.SliceAxis;
import org.samtune.io.VolumeSlicer;

import static org.junit.jupiter.api.Assertions.*;

/** The stack entry's layout: planes become a volume whose z slices, cut as every volume is cut, are the planes. */
class StackVolumeTest {
    @Test
    void zSlicesOfTheStackVolumeAreThePlanes() {
        int w = 4;
        int h = 3;
        float[][] planes = new float[2][w * h];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < w * h; i++) {
                planes[s][i] = 100 * s + i; // row y = i / w, column x = i % w
            }
        }
        NiftiImage v = VolumeSegmentJob.stackVolume(planes, w, h);
        assertArrayEquals(new int[] {h, w, 2}, v.dims());
        // voxel (i, j, k) = row i, column j of plane k: plane 1, row 2, column 3 = 100 + 2 * 4 + 3
        assertEquals(111, v.get(2, 3, 1), 0);
        VolumeSlicer slicer = VolumeSlicer.of(v, SliceAxis.Z);
        assertEquals(w, slicer.width());
        assertEquals(h, slicer.height());
        float[] values = VolumeSlicer.intensities(v, 0);
        for (int s = 0; s < 2; s++) {
            assertArrayEquals(planes[s], slicer.floatSlice(values, s), 0f, "plane " + s);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VolumeSegmentJob.stackVolume(new float[][] {new float[12], new float[11]}, w, h));
        assertTrue(e.getMessage().contains("plane 1 has 11 values, not 4x3"), e.getMessage());
    }
}
