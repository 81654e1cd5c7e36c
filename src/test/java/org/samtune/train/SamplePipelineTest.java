package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.io.PilImageReader;
import org.samtune.predict.RgbImage;

class SamplePipelineTest {

    /** finetune-SAM's validation transform (PIL stretch + ToTensor + Normalize) against its own output. */
    @Test
    void valTransformReproducesFinetuneSamInputTensor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList f = Fixtures.npz(m, "sam-tiny/case_f_fsam.npz");
            RgbImage image = toImage(f.get("image"));
            SamplePipeline p = new SamplePipeline(SamplePipeline.Config.val(TargetSpec.combineAll())
                    .withImageSize(128, 32));
            LabelImage empty = new LabelImage(image.width(), image.height(), new int[image.width() * image.height()]);
            TrainingSample s = p.process("img", image, empty, new SplittableRandom(0));
            float[] expected = f.get("input_tensor").toFloatArray(); // (1,3,128,128)
            assertEquals(expected.length, s.image().length);
            float maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - s.image()[i]));
            }
            assertEquals(0f, maxDiff, "float32 ToTensor/Normalize as torchvision: bit-identical");
        }
    }

    @Test
    void valSampleOfTheRealDataset() throws Exception {
        FileSliceSource src = ListFile.source(TestData.valList(), TestData.root(), TestData.root());
        int i = 0;
        while (!src.imageName(i).endsWith("BMC26_16.png")) {
            i++;
        }
        TrainingDataset ds = new TrainingDataset(src,
                new SamplePipeline(SamplePipeline.Config.val(TargetSpec.combineAll())), 1);
        TrainingSample s = ds.get(i, 0);
        assertEquals(1024, s.size());
        assertEquals(3 * 1024 * 1024, s.image().length);
        assertEquals(null, s.prompts());
        // gray replicated: channel c = (v/255 - mean_c) / std_c for the same v
        int px = 512 * 1024 + 512;
        float v = s.image()[px] * 0.229f + 0.485f;
        assertEquals((v - 0.456f) / 0.224f, s.image()[1024 * 1024 + px], 1e-5f);
        // combine_all: the 254 and 255 zones are both class 1, nothing else
        assertArrayEquals(new int[] {0, 1}, Arrays.stream(s.mask()).distinct().sorted().toArray());
        // the mask is the PIL-nearest 384 -> 1024 stretch of the file
        LabelImage raw = PilImageReader.readL(TestData.mask("BMC26_16.png"));
        for (int y = 0; y < 1024; y += 37) {
            for (int x = 0; x < 1024; x += 41) {
                int sx = (2 * x + 1) * 384 / 2048;
                int sy = (2 * y + 1) * 384 / 2048;
                assertEquals(raw.get(sx, sy) > 0 ? 1 : 0, s.mask()[y * 1024 + x]);
            }
        }
        // 256 target: bilinear 4x shrink + round = foreground iff >= 3 of the 2x2 centre samples are
        assertEquals(256 * 256, s.lowResMask().length);
        int fg = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int[] mk = s.mask();
                int c = mk[(4 * y + 1) * 1024 + 4 * x + 1] + mk[(4 * y + 1) * 1024 + 4 * x + 2]
                        + mk[(4 * y + 2) * 1024 + 4 * x + 1] + mk[(4 * y + 2) * 1024 + 4 * x + 2];
                assertEquals(c >= 3 ? 1 : 0, s.lowResMask()[y * 256 + x]);
                fg += s.lowResMask()[y * 256 + x];
            }
        }
        assertTrue(fg > 100);
        // validation is deterministic whatever the epoch
        assertArrayEquals(s.image(), ds.get(i, 5).image());
    }

    @Test
    void trainSamplesAreReproducibleBySeedEpochAndIndex() throws Exception {
        SliceSource src = DatasetValidator.usable(
                ListFile.source(TestData.trainList(), TestData.root(), TestData.root()),
                TargetSpec.combineAll(), 2, DatasetValidator.Policy.FAIL, w -> { });
        SamplePipeline p = new SamplePipeline(SamplePipeline.Config.train(TargetSpec.combineAll())
                .withPrompts(PromptConfig.boxes()));
        TrainingDataset a = new TrainingDataset(src, p, 2024);
        TrainingDataset b = new TrainingDataset(src, p, 2024);
        TrainingDataset c = new TrainingDataset(src, p, 2025);
        TrainingSample a0 = a.get(0, 0);
        TrainingSample b0 = b.get(0, 0);
        assertArrayEquals(a0.image(), b0.image());
        assertArrayEquals(a0.mask(), b0.mask());
        assertArrayEquals(a0.lowResMask(), b0.lowResMask());
        assertArrayEquals(a0.prompts().boxes(), b0.prompts().boxes());
        TrainingSample c0 = c.get(0, 0);
        assertFalse(Arrays.equals(a0.image(), c0.image()));
        assertFalse(Arrays.equals(a0.mask(), c0.mask()));
        TrainingSample a0e1 = a.get(0, 1);
        assertFalse(Arrays.equals(a0.image(), a0e1.image()), "another epoch, another augmentation");

        // prompts describe the augmented mask: every foreground pixel lies inside one of the boxes
        float[] boxes = a0.prompts().boxes();
        int fg = 0;
        for (int i = 0; i < a0.mask().length; i++) {
            if (a0.mask()[i] == 1) {
                fg++;
                int x = i % 1024;
                int y = i / 1024;
                boolean inside = false;
                for (int k = 0; k < 3; k++) {
                    inside |= x >= boxes[4 * k] && x <= boxes[4 * k + 2] && y >= boxes[4 * k + 1] && y <= boxes[4 * k + 3];
                }
                assertTrue(inside);
            }
        }
        assertTrue(fg > 0);
        // augmentation pads rotated corners with 0 = the ImageNet mean in normalised space
        assertTrue(Arrays.stream(a0.mask()).allMatch(v -> v == 0 || v == 1));
    }

    private static RgbImage toImage(NDArray hwc) {
        long[] s = hwc.getShape().getShape();
        int[] v = hwc.toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return new RgbImage((int) s[1], (int) s[0], b);
    }
}
