package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetValidatorTest {

    private static void gray(Path p, int w, int h, int value) throws Exception {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[w * h];
        java.util.Arrays.fill(v, value);
        b.getRaster().setSamples(0, 0, w, h, 0, v);
        ImageIO.write(b, "png", p.toFile());
    }

    @Test
    void realFiveShotTrainListIsClean() throws Exception {
        FileSliceSource src = ListFile.source(TestData.trainList(), TestData.root(), TestData.root());
        DatasetValidator.Report r = DatasetValidator.validate(src, TargetSpec.combineAll(), 2, true);
        assertEquals(5, r.usable().length);
        assertTrue(r.problems().isEmpty(), r.summary());
    }

    @Test
    void multiAllOnTheProstateMasksIsReportedPerFile() throws Exception {
        // the masks hold 254/255: not class ids for num_cls = 2 (finetune-SAM would crash inside the CE loss)
        FileSliceSource src = ListFile.source(TestData.valList(), TestData.root(), TestData.root());
        DatasetValidator.Report r = DatasetValidator.validate(src, TargetSpec.multiAll(), 2, true);
        assertEquals(5, r.problems().size());
        DatasetValidator.Problem bmc = r.problems().stream()
                .filter(p -> p.imageName().endsWith("BMC26_16.png")).findFirst().orElseThrow();
        assertEquals(DatasetValidator.Kind.LABEL_OUT_OF_RANGE, bmc.kind());
        assertTrue(bmc.message().contains("[254, 255]"), bmc.message());
        assertTrue(bmc.toString().contains("BMC26_16.png"));
    }

    @Test
    void badPairsAreNamedAndEitherSkippedOrFatal(@TempDir Path dir) throws Exception {
        gray(dir.resolve("good.png"), 8, 8, 10);
        gray(dir.resolve("good_m.png"), 8, 8, 1);
        gray(dir.resolve("small.png"), 8, 8, 10);
        gray(dir.resolve("small_m.png"), 6, 8, 1);
        Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        gray(dir.resolve("corrupt_m.png"), 8, 8, 1);
        gray(dir.resolve("big.png"), 8, 8, 10);
        gray(dir.resolve("big_m.png"), 8, 8, 3);       // label 3 with num_cls 3 under multi_all
        gray(dir.resolve("empty.png"), 8, 8, 10);
        gray(dir.resolve("empty_m.png"), 8, 8, 0);
        gray(dir.resolve("lonely.png"), 8, 8, 10);
        Files.writeString(dir.resolve("list.csv"),
                "good.png,good_m.png\r\nsmall.png,/small_m.png\r\ncorrupt.png,corrupt_m.png\r\n"
                        + "big.png,big_m.png\r\nempty.png,empty_m.png\r\nlonely.png,missing_m.png\r\n");
        FileSliceSource src = ListFile.source(dir.resolve("list.csv"), dir, dir);

        DatasetValidator.Report r = DatasetValidator.validate(src, TargetSpec.multiAll(), 3, true);
        assertEquals(1, r.usable().length);
        assertEquals(0, r.usable()[0]);
        assertEquals(1, r.filtered().size());
        assertEquals("empty.png", r.filtered().get(0).imageName());
        assertEquals(4, r.problems().size(), r.summary());
        assertEquals(DatasetValidator.Kind.SIZE_MISMATCH, r.problems().get(0).kind());
        assertEquals("small.png", r.problems().get(0).imageName());
        assertTrue(r.problems().get(0).message().contains("8x8") && r.problems().get(0).message().contains("6x8"));
        assertEquals(DatasetValidator.Kind.UNREADABLE_IMAGE, r.problems().get(1).kind());
        assertTrue(r.problems().get(1).message().contains("corrupt.png"), r.problems().get(1).message());
        assertEquals(DatasetValidator.Kind.LABEL_OUT_OF_RANGE, r.problems().get(2).kind());
        assertEquals("big.png", r.problems().get(2).imageName());
        assertEquals(DatasetValidator.Kind.UNREADABLE_MASK, r.problems().get(3).kind());
        assertTrue(r.problems().get(3).message().contains("missing_m.png"));

        // FAIL: one exception listing every bad file
        DatasetValidator.DatasetException e = assertThrows(DatasetValidator.DatasetException.class,
                () -> DatasetValidator.usable(src, TargetSpec.multiAll(), 3, DatasetValidator.Policy.FAIL, s -> { }));
        assertEquals(4, e.problems().size());
        for (String name : new String[] {"small.png", "corrupt.png", "big.png", "missing_m.png"}) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        // SKIP: warnings name the files, the usable pair remains
        List<String> warnings = new ArrayList<>();
        SliceSource ok = DatasetValidator.usable(src, TargetSpec.multiAll(), 3,
                DatasetValidator.Policy.SKIP_WITH_WARNING, warnings::add);
        assertEquals(1, ok.size());
        assertEquals("good.png", ok.imageName(0));
        assertEquals(5, warnings.size());
        assertTrue(warnings.get(0).contains("small.png"));
        // with combine_all the label-3 mask is fine
        assertEquals(2, DatasetValidator.validate(src, TargetSpec.combineAll(), 2, true).usable().length);
    }
}
