package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListFileTest {

    @Test
    void readsTheRealFiveShotListsWithCrlfAndLeadingSlash() throws Exception {
        byte[] raw = Files.readAllBytes(TestData.trainList());
        assertTrue(new String(raw).contains("\r\n"), "the demo list has CRLF line endings");

        List<ListFile.Entry> train = ListFile.read(TestData.trainList());
        assertEquals(5, train.size());
        assertEquals("MRI-Prostate/images/patient5/study5/volumn5/BIDMC05_32.png", train.get(0).imagePath());
        // the mask column is written "/MRI-Prostate/masks/BIDMC05_32.png": the leading '/' is stripped, no CR left
        assertEquals("MRI-Prostate/masks/BIDMC05_32.png", train.get(0).maskPath());
        assertEquals("MRI-Prostate/masks/BIDMC04_22.png", train.get(4).maskPath());

        List<ListFile.Entry> val = ListFile.read(TestData.valList());
        assertEquals(5, val.size());
        Set<String> trainImages = new HashSet<>();
        train.forEach(e -> trainImages.add(e.imagePath()));
        val.forEach(e -> assertTrue(!trainImages.contains(e.imagePath()), "train/val rows are disjoint"));

        // resolved against img_folder = mask_folder = the dataset root, every file exists
        for (ListFile.Entry e : train) {
            assertTrue(Files.isRegularFile(e.image(TestData.root())), e.imagePath());
            assertTrue(Files.isRegularFile(e.mask(TestData.root())), e.maskPath());
        }
        FileSliceSource src = ListFile.source(TestData.valList(), TestData.root(), TestData.root());
        assertEquals(5, src.size());
        assertEquals("MRI-Prostate/images/patient97/study97/volumn97/RUNMC23_14.png", src.imageName(0));
    }

    @Test
    void lineEndingsBlankLinesAndWhitespace() throws Exception {
        String text = "\uFEFF a/1.png , /m/1.png\r\n\r\nb/2.png,m/2.png\rc/3.png,//m/3.png\n\n\n";
        List<ListFile.Entry> e = ListFile.parse(text, "t");
        assertEquals(3, e.size());
        assertEquals("a/1.png", e.get(0).imagePath());
        assertEquals("m/1.png", e.get(0).maskPath());
        assertEquals(1, e.get(0).lineNumber());
        assertEquals("m/2.png", e.get(1).maskPath());
        assertEquals(3, e.get(1).lineNumber());
        // only ONE leading '/' is removed, as in finetune-SAM
        assertEquals("/m/3.png", e.get(2).maskPath());
    }

    @Test
    void imagePathWithLeadingSlashStaysAbsoluteLikeOsPathJoin() throws Exception {
        ListFile.Entry e = ListFile.parse("/abs/img.png,/rel/mask.png", "t").get(0);
        Path root = Paths.get("/data/root");
        assertEquals(Paths.get("/abs/img.png"), e.image(root));
        assertEquals(Paths.get("/data/root/rel/mask.png"), e.mask(root));
    }

    @Test
    void tabSeparatedAndBadRowsAreRejectedWithTheLineNumber() {
        ListFile.FormatException tab = assertThrows(ListFile.FormatException.class,
                () -> ListFile.parse("a.png,b.png\nc.png\td.png\n", "list.csv"));
        assertTrue(tab.getMessage().startsWith("list.csv:2:"), tab.getMessage());
        assertTrue(tab.getMessage().contains("tab"), tab.getMessage());
        assertThrows(ListFile.FormatException.class, () -> ListFile.parse("a.png,b.png,c.png", "t"));
        assertThrows(ListFile.FormatException.class, () -> ListFile.parse("a.png,", "t"));
    }
}
