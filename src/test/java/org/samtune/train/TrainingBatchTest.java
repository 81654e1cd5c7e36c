package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingBatchTest {

    @Test
    void collatesLikeTheDefaultDataLoader() throws Exception {
        SamplePipeline p = new SamplePipeline(SamplePipeline.Config.train(TargetSpec.combineAll())
                .withImageSize(64, 16).withPrompts(PromptConfig.hybrid()));
        FileSliceSource src = ListFile.source(TestData.trainList(), TestData.root(), TestData.root());
        TrainingSample a = p.process("a", src.loadImage(0), src.loadMask(0), new SplittableRandom(1));
        TrainingSample b = p.process("b", src.loadImage(1), src.loadMask(1), new SplittableRandom(2));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = TrainingBatch.collate(m, List.of(a, b));
            assertEquals(new Shape(2, 3, 64, 64), batch.get("image").getShape());
            assertEquals(DataType.INT64, batch.get("mask").getDataType());
            assertEquals(new Shape(2, 1, 16, 16), batch.get("low_res_mask").getShape());
            assertEquals(new Shape(2, 8, 2), batch.get("point_coords").getShape());
            assertEquals(new Shape(2, 3, 4), batch.get("boxes").getShape());
            float[] img = batch.get("image").toFloatArray();
            assertArrayEquals(b.image(), Arrays.copyOfRange(img, 3 * 64 * 64, 6 * 64 * 64));
            long[] low = batch.get("low_res_mask").toLongArray();
            assertEquals(a.lowResMask()[100], low[100]);
        }
    }

    @Test
    void epochOrderIsASeededShuffleAndBatchesKeepTheRemainder() {
        java.nio.file.Path x = java.nio.file.Paths.get("x.png");
        List<FileSliceSource.Pair> ten = java.util.Collections.nCopies(10, new FileSliceSource.Pair("x", x, x));
        TrainingDataset ds = new TrainingDataset(new FileSliceSource(ten), null, 3);
        int[] e0 = ds.epochOrder(0, true);
        assertArrayEquals(e0, ds.epochOrder(0, true));
        assertFalse(Arrays.equals(e0, ds.epochOrder(1, true)));
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ds.epochOrder(4, false));
        List<int[]> batches = ds.batches(0, 4, true);
        assertEquals(3, batches.size());
        assertEquals(2, batches.get(2).length);
    }
}
