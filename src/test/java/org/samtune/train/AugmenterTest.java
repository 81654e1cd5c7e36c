package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samtune.io.PilImageReader;
import org.samtune.predict.PilResize;
import org.samtune.predict.RgbImage;

class AugmenterTest {

    private final Augmenter aug = new Augmenter(AugmentConfig.finetuneSam());

    @Test
    void cropParametersStayInTorchvisionRanges() {
        int size = 1024;
        int fallbacks = 0;
        for (int seed = 0; seed < 2000; seed++) {
            Augmenter.Crop c = aug.sampleCrop(new SplittableRandom(seed), size, size);
            assertTrue(c.top() >= 0 && c.left() >= 0 && c.top() + c.height() <= size && c.left() + c.width() <= size);
            double area = (double) c.width() * c.height() / (size * size);
            double ratio = (double) c.width() / c.height();
            if (c.width() == size && c.height() == size) {
                fallbacks++;
                continue;
            }
            // area ~ U(0.5, 1.5) accepted only when it fits: 0.5..1 (up to pixel rounding)
            assertTrue(area > 0.5 - 0.003 && area <= 1.0, "area " + area);
            assertTrue(ratio > 0.75 - 0.003 && ratio < 4.0 / 3 + 0.003, "ratio " + ratio);
        }
        // one try is accepted with P(area <= exp(-|log ratio|)) = (1 - 3/4) / log(4/3) - 0.5 = 0.369, so all 10
        // tries fail with 0.631^10 = 1.0 %: ~20 of 2000 (binomial sd ~4.4)
        assertTrue(fallbacks >= 8 && fallbacks <= 35, "full-image fallback ~1 %: " + fallbacks);
    }

    @Test
    void rotationByNinetyDegreesIsCounterClockwisePermutation() {
        int s = 4;
        int[] mask = new int[16];
        float[] chw = new float[48];
        for (int i = 0; i < 16; i++) {
            mask[i] = i + 1;
            chw[i] = i + 1;
            chw[16 + i] = -(i + 1);
            chw[32 + i] = 100 + i;
        }
        Augmenter.rotate(chw, mask, s, 90.0);
        // output(x, y) = input(col 3 - y, row x): what was on the right edge moves to the top
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int src = x * s + (3 - y);
                assertEquals(src + 1, mask[y * s + x]);
                assertEquals(src + 1, chw[y * s + x]);
                assertEquals(-(src + 1), chw[16 + y * s + x]);
            }
        }
    }

    @Test
    void rotationFillsCornersWithZeroAndFullCropIsIdentity() {
        int s = 64;
        int[] mask = new int[s * s];
        float[] chw = new float[3 * s * s];
        java.util.Arrays.fill(mask, 1);
        java.util.Arrays.fill(chw, 5f);
        Augmenter.resizedCrop(chw, mask, s, new Augmenter.Crop(0, 0, s, s));
        assertTrue(java.util.Arrays.stream(mask).allMatch(v -> v == 1));
        Augmenter.rotate(chw, mask, s, 45.0);
        assertEquals(0, mask[0]);
        assertEquals(0f, chw[0]);
        assertEquals(0, mask[s * s - 1]);
        assertEquals(1, mask[(s / 2) * s + s / 2]);
        assertEquals(5f, chw[2 * s * s + (s / 2) * s + s / 2]);
    }

    @Test
    void zoomCropResizesWithTorchNearest() {
        int s = 8;
        int[] mask = new int[s * s];
        float[] chw = new float[3 * s * s];
        for (int i = 0; i < s * s; i++) {
            mask[i] = i;
            chw[i] = i;
        }
        // top-left 4x4 window back to 8x8 is an exact 2x upsample: out(x, y) = in(x >> 1, y >> 1)
        Augmenter.resizedCrop(chw, mask, s, new Augmenter.Crop(0, 0, 4, 4));
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                assertEquals((y >> 1) * s + (x >> 1), mask[y * s + x]);
            }
        }
        // 3 -> 8: src = floor(d * 0.375) = 0 0 0 1 1 1 2 2
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2}, Augmenter.torchNearest(3, 8));
    }

    @Test
    void spatialMovesImageAndMaskTogether() {
        int s = 128;
        int[] mask = new int[s * s];
        float[] chw = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int v = (x / 9 + 3 * (y / 13)) % 5; // a label pattern
                mask[y * s + x] = v;
                chw[y * s + x] = v;
                chw[s * s + y * s + x] = 2 * v;
            }
        }
        aug.spatial(chw, mask, s, new SplittableRandom(7));
        for (int i = 0; i < s * s; i++) {
            assertEquals(mask[i], chw[i], 0f);
            assertEquals(2 * mask[i], chw[s * s + i], 0f);
        }
    }

    @Test
    void photometricIsSeededAndKeepsGrayImagesGray() throws Exception {
        RgbImage img = PilResize.bilinear(PilImageReader.readRgb(
                TestData.root().resolve("MRI-Prostate/images/patient5/study5/volumn5/BIDMC05_32.png")), 256, 256);
        RgbImage a = img.copy();
        RgbImage b = img.copy();
        RgbImage c = img.copy();
        aug.photometric(a, new SplittableRandom(42));
        aug.photometric(b, new SplittableRandom(42));
        aug.photometric(c, new SplittableRandom(43));
        assertArrayEquals(a.data(), b.data());
        assertFalse(java.util.Arrays.equals(a.data(), c.data()));
        assertFalse(java.util.Arrays.equals(a.data(), img.data()));
        for (int p = 0; p < a.data().length; p += 3) {
            assertEquals(a.data()[p], a.data()[p + 1]);
            assertEquals(a.data()[p], a.data()[p + 2]);
        }
    }

    @Test
    void jitterFactorsCoverTheirRanges() {
        float lo = 10;
        float hi = -10;
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10000; i++) {
            float u = Augmenter.uniform(r, 0.7f, 1.3f);
            lo = Math.min(lo, u);
            hi = Math.max(hi, u);
        }
        assertTrue(lo >= 0.7f && lo < 0.71f && hi < 1.3f && hi > 1.29f, lo + " " + hi);
    }
}
