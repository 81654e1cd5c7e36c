package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Prompt mapping against the reference's point_coords_model / box_model (computed in float64, cast). */
class ResizeLongestSideTest {

    @Test
    void preprocessShapeRoundsHalfUp() {
        assertArrayEquals(new int[] {128, 96}, ResizeLongestSide.getPreprocessShape(100, 75, 128));
        assertArrayEquals(new int[] {128, 90}, ResizeLongestSide.getPreprocessShape(300, 210, 128)); // 89.6
        assertArrayEquals(new int[] {768, 1024}, ResizeLongestSide.getPreprocessShape(3000, 4000, 1024));
        // 1024 * 3 / 8 = 384 exactly; 5 x 3 -> 1024 x 614.4 -> 614; 2 x 1 -> 1024 x 512
        assertArrayEquals(new int[] {384, 1024}, ResizeLongestSide.getPreprocessShape(3, 8, 1024));
        assertArrayEquals(new int[] {1024, 614}, ResizeLongestSide.getPreprocessShape(5, 3, 1024));
        // 7 -> 1024: 1 * 1024/7 = 146.28 -> 146;  3 * 146.2857 = 438.857 -> 439
        assertArrayEquals(new int[] {146, 1024}, ResizeLongestSide.getPreprocessShape(1, 7, 1024));
        assertArrayEquals(new int[] {439, 1024}, ResizeLongestSide.getPreprocessShape(3, 7, 1024));
    }

    @TestFactory
    Stream<DynamicTest> mapsPromptsLikeReference() {
        return Stream.of("sam-tiny/case_a", "sam-tiny/case_b", "sam-tiny/case_c", "sam-tiny/case_d",
                "sam-tiny/case_e", "sam-tiny/case_f", "sam-tiny/case_g", "sam-tiny-vit_t/case_a",
                "sam-tiny-vit_t/case_c")
                .map(c -> DynamicTest.dynamicTest(c, () -> checkCase(c)));
    }

    private void checkCase(String c) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, c + ".npz");
            int[] orig = npz.get("original_size").toIntArray();
            int[] input = npz.get("input_size").toIntArray();
            ResizeLongestSide t = new ResizeLongestSide(c.startsWith("sam-tiny/") ? 128 : 1024);
            assertArrayEquals(input, t.getPreprocessShape(orig[0], orig[1]));

            float[][] pts = rows(npz.get("point_coords"), 2);
            float[][] expectedPts = rows(npz.get("point_coords_model"), 2);
            assertEquals(expectedPts.length, pts.length);
            float[][] mapped = t.applyCoords(pts, orig[0], orig[1]);
            for (int i = 0; i < pts.length; i++) {
                assertArrayEquals(expectedPts[i], mapped[i], 1e-5f, "point " + i);
            }

            float[][] box = rows(npz.get("box"), 4);
            float[][] expectedBox = rows(npz.get("box_model"), 4);
            assertEquals(expectedBox.length, box.length);
            float[][] mappedBox = t.applyBoxes(box, orig[0], orig[1]);
            for (int i = 0; i < box.length; i++) {
                assertArrayEquals(expectedBox[i], mappedBox[i], 1e-5f, "box " + i);
            }
            if (c.endsWith("_g") || c.endsWith("vit_t/case_c")) {
                assertEquals(1, mappedBox.length, "case g has a box");
            }
        }
    }

    @Test
    void coordinatesScalePerAxis() {
        ResizeLongestSide t = new ResizeLongestSide(1024);
        // 3000 x 4000 -> 768 x 1024: x * 1024/4000, y * 768/3000 (both 0.256)
        float[][] p = t.applyCoords(new float[][] {{4000f, 3000f}, {1f, 2f}}, 3000, 4000);
        assertArrayEquals(new float[] {1024f, 768f}, p[0], 0f);
        assertArrayEquals(new float[] {0.256f, 0.512f}, p[1], 1e-7f);
        // 5 x 3 -> 1024 x 614: x scales by 614/3, y by 1024/5
        float[][] b = t.applyBoxes(new float[][] {{3f, 5f, 1.5f, 2.5f}}, 5, 3);
        assertArrayEquals(new float[] {614f, 1024f, 307f, 512f}, b[0], 1e-4f);
    }

    /** (N*k) values as N rows of k (a (0,k) or (0,) array gives no rows). */
    static float[][] rows(NDArray a, int k) {
        float[] v = a.toFloatArray();
        float[][] r = new float[v.length / k][k];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(v, i * k, r[i], 0, k);
        }
        return r;
    }
}
