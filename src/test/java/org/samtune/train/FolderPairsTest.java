package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPairsTest {

    @Test
    void pairsByNameThenByStemAndListsLeftovers(@TempDir Path dir) throws Exception {
        Path img = Files.createDirectories(dir.resolve("images"));
        Path msk = Files.createDirectories(dir.resolve("masks"));
        for (String n : new String[] {"a.png", "b.tif", "c.png", "notes.txt"}) {
            Files.writeString(img.resolve(n), "x");
        }
        for (String n : new String[] {"a.png", "b.png", "z.png"}) {
            Files.writeString(msk.resolve(n), "x");
        }
        FolderPairs.Result r = FolderPairs.scan(dir);
        assertEquals(2, r.source().size());
        assertEquals("a.png", r.source().imageName(0));
        assertEquals(msk.resolve("a.png"), r.source().pairs().get(0).mask());
        assertEquals("b.tif", r.source().imageName(1));
        assertEquals(msk.resolve("b.png"), r.source().pairs().get(1).mask());
        assertEquals(1, r.unmatchedImages().size());
        assertEquals(img.resolve("c.png"), r.unmatchedImages().get(0));
        assertEquals(1, r.unmatchedMasks().size());
        assertEquals(msk.resolve("z.png"), r.unmatchedMasks().get(0));
    }
}
