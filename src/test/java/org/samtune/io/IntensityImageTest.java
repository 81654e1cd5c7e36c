package org.samtune.io;

import org.junit.jupiter.api.Test;
import org.samtune.predict.RgbImage;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 2-D images through {@link IntensityMapping#toRgb} (moved from the former IntensityScaler test, same numbers).
 * Hand-computed conversions: out = clamp(floor((v - lo) / (hi - lo) * 255 + 0.5), 0, 255).
 */
class IntensityImageTest {

    /** Gray value of each pixel, checking that R = G = B. */
    private static int[] gray(RgbImage img) {
        int[] g = new int[img.width() * img.height()];
        for (int i = 0; i < g.length; i++) {
            int x = i % img.width();
            int y = i / img.width();
            g[i] = img.get(x, y, 0);
            assertEquals(g[i], img.get(x, y, 1));
            assertEquals(g[i], img.get(x, y, 2));
        }
        return g;
    }

    /** The window {lo, hi} a statistics-based mapping takes from {@code values}. */
    private static double[] range(IntensityMapping m, float[] values) {
        WindowMapping w = (WindowMapping) m.forVolume(values);
        return new double[] {w.low(), w.high()};
    }

    @Test
    void eightBitDefaultIsIdentity() {
        IntensityMapping s = IntensityMapping.auto().forBitDepth(8);
        assertEquals("asis", s.spec());
        RgbImage img = s.toRgb(new byte[] {0, 127, (byte) 200, (byte) 255}, 2, 2);
        assertEquals(2, img.width());
        assertEquals(2, img.height());
        assertArrayEquals(new int[] {0, 127, 200, 255}, gray(img));
    }

    @Test
    void sixteenBitRampMinMax() {
        assertEquals("minmax", IntensityMapping.auto().forBitDepth(16).spec());
        // lo = 1000, hi = 2024 (range 1024): t = (v - 1000) * 255 / 1024, exact in double
        short[] px = {1000, 1002, 1003, 1500, 1512, 2024};
        // 0, 0.498 -> 0, 0.747 -> 1, 124.51 -> 125, 127.5 -> 128 (half up), 255
        assertArrayEquals(new int[] {0, 0, 1, 125, 128, 255}, gray(IntensityMapping.minMax().toRgb(px, 3, 2)));
    }

    @Test
    void sixteenBitIsUnsigned() {
        short[] px = {(short) 40000, (short) 65535, 0};
        // 40000 / 65535 * 255 = 155.64 -> 156
        assertArrayEquals(new int[] {156, 255, 0}, gray(IntensityMapping.auto().forBitDepth(16).toRgb(px, 3, 1)));
        assertArrayEquals(new double[] {0, 65535}, range(IntensityMapping.minMax(), new float[] {40000, 65535, 0}));
    }

    @Test
    void floatWithNaNAndInfinity() {
        float[] px = {Float.NaN, -1f, 0f, 3f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f};
        IntensityMapping s = IntensityMapping.auto().forBitDepth(32);
        // statistics over finite pixels only: lo = -1, hi = 3; t = (v + 1) / 4 * 255
        assertArrayEquals(new double[] {-1, 3}, range(s, px));
        // NaN -> 0, -1 -> 0, 0 -> 63.75 -> 64, 3 -> 255, +inf -> 255, -inf -> 0, 1 -> 127.5 -> 128
        assertArrayEquals(new int[] {0, 0, 64, 255, 0, 255, 0, 128}, gray(s.toRgb(px, 4, 2)));
    }

    @Test
    void constantAndEmptyImagesMapToZero() {
        assertArrayEquals(new int[] {0, 0, 0}, gray(IntensityMapping.minMax().toRgb(new float[] {5f, 5f, 5f}, 3, 1)));
        assertArrayEquals(new int[] {0, 0}, gray(IntensityMapping.minMax().toRgb(new short[] {7, 7}, 1, 2)));
        float[] allNaN = {Float.NaN, Float.NaN};
        // no finite pixel: an empty window (every pixel maps to 0)
        double[] none = range(IntensityMapping.minMax(), allNaN);
        assertTrue(none[1] <= none[0]);
        assertArrayEquals(new int[] {0, 0}, gray(IntensityMapping.minMax().toRgb(allNaN, 2, 1)));
        assertArrayEquals(new int[] {0, 0}, gray(IntensityMapping.percentile(1, 99).toRgb(allNaN, 2, 1)));
        assertArrayEquals(new int[] {0, 0}, gray(IntensityMapping.percentile(50, 50).toRgb(new float[] {1, 2}, 2, 1)));
    }

    @Test
    void percentileWindowIgnoresOutlier() {
        // 0..100 and one hot pixel 10000 (n = 102), shuffled; NaN ignored
        float[] px = new float[103];
        for (int i = 0; i <= 100; i++) {
            px[(i * 37) % 101] = i;
        }
        px[101] = 10000f;
        px[102] = Float.NaN;
        IntensityMapping s = IntensityMapping.percentile(1, 99);
        // numpy.percentile(..., [1, 99]) = [1.01, 99.99] (position 1.01 and 99.99 in the sorted values)
        double[] r = range(s, px);
        assertEquals(1.01, r[0], 1e-12);
        assertEquals(99.99, r[1], 1e-12);
        RgbImage img = s.toRgb(px, 103, 1);
        int[] g = gray(img);
        int at50 = -1;
        for (int i = 0; i <= 100; i++) {
            if (px[i] == 50f) {
                at50 = i;
            }
        }
        assertEquals(126, g[at50]); // (50 - 1.01) / 98.98 * 255 = 126.21
        assertEquals(255, g[101]); // outlier clamps
        assertEquals(0, g[102]); // NaN
        assertEquals(0, g[0]); // px[0] = 0 < lo
    }

    @Test
    void fixedWindowClamps() {
        IntensityMapping s = IntensityMapping.window(50, 150);
        // 8-bit input with a window: (v - 50) / 100 * 255; 100 -> 127.5 -> 128
        assertArrayEquals(new int[] {0, 0, 128, 255, 255},
                gray(s.toRgb(new byte[] {0, 50, 100, (byte) 150, (byte) 250}, 5, 1)));
        assertArrayEquals(new int[] {3, 252}, gray(s.toRgb(new float[] {51f, 149f}, 2, 1)));
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.window(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.percentile(99, 1));
    }

    @Test
    void asIsRoundsAndClampsNonByteInput() {
        assertArrayEquals(new int[] {0, 3, 4, 255, 0},
                gray(IntensityMapping.asIs().toRgb(new float[] {-7f, 2.5f, 3.5f, 300f, Float.NaN}, 5, 1)));
        assertArrayEquals(new int[] {255, 12}, gray(IntensityMapping.asIs().toRgb(new short[] {1000, 12}, 2, 1)));
    }

    @Test
    void packedRgbKeepsChannels() {
        RgbImage img = RgbImage.fromPackedRgb(new int[] {0xFF102030, 0x00A0B0C0}, 2, 1);
        assertEquals(0x10, img.get(0, 0, 0));
        assertEquals(0x20, img.get(0, 0, 1));
        assertEquals(0x30, img.get(0, 0, 2));
        assertEquals(0xA0, img.get(1, 0, 0));
        assertEquals(0xB0, img.get(1, 0, 1));
        assertEquals(0xC0, img.get(1, 0, 2));
    }

    @Test
    void rejectsWrongPlaneSize() {
        assertThrows(IllegalArgumentException.class, () -> IntensityMapping.minMax().toRgb(new float[5], 2, 2));
    }
}
