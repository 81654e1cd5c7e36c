package org.samtune.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.model.SamConfig;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** The image encoder's input tensor, both pipelines, against the reference fixtures (abs 1e-5). */
class SamPreprocessorTest {

    @Test
    void samPipelineEnlarging() throws IOException {
        checkSam("sam-tiny/preprocess.npz", "sam-tiny/image.png", new int[] {128, 96});
    }

    @Test
    void samPipelineShrinking() throws IOException {
        checkSam("sam-tiny/preprocess_g.npz", "sam-tiny/image_g.png", new int[] {128, 90});
    }

    private void checkSam(String npzName, String png, int[] inputSize) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, npzName);
            float[] mean = npz.get("pixel_mean").toFloatArray();
            float[] std = npz.get("pixel_std").toFloatArray();
            SamConfig cfg = new SamConfig();
            assertArrayEquals(cfg.pixelMean, mean, 0f, "SamConfig default mean is SAM's");
            assertArrayEquals(cfg.pixelStd, std, 0f, "SamConfig default std is SAM's");
            SamPreprocessor pre = new SamPreprocessor(128, mean, std);
            RgbImage image = PilResizeTest.readPng(Fixtures.file(png));
            assertArrayEquals(inputSize, pre.transform().getPreprocessShape(image.height(), image.width()));

            NDArray input = pre.prepare(m, image);
            assertArrayEquals(new long[] {1, 3, 128, 128}, input.getShape().getShape());
            float[] expected = npz.get("input_tensor").toFloatArray();
            float[] actual = input.toFloatArray();
            assertEquals(0f, maxAbsDiff(expected, actual), 1e-5f);
            // padding (right and bottom of the resized area) is exactly zero
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 128; y++) {
                    for (int x = 0; x < 128; x++) {
                        if (y >= inputSize[0] || x >= inputSize[1]) {
                            assertEquals(0f, actual[(c * 128 + y) * 128 + x]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void finetuneSamPipeline() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/case_f_fsam.npz");
            RgbImage image = PilResizeTest.readPng(Fixtures.file("sam-tiny/image.png"));
            NDArray input = SamPreprocessor.prepareFinetuneSam(m, image, 128);
            assertArrayEquals(new long[] {1, 3, 128, 128}, input.getShape().getShape());
            assertEquals(0f, maxAbsDiff(npz.get("input_tensor").toFloatArray(), input.toFloatArray()), 1e-5f);
        }
    }

    @Test
    void rejectsImagesLargerThanTheInput() {
        SamPreprocessor pre = new SamPreprocessor(16, new float[3], new float[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> pre.normalizeAndPad(new RgbImage(17, 4)));
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
