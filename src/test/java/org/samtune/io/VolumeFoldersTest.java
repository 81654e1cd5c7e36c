package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MSD folder pairing (names only: the files are not opened). */
class VolumeFoldersTest {

    @Test
    void pairsByNameAndChannelSuffixSkippingHiddenFiles(@TempDir Path root) throws IOException {
        Path images = Files.createDirectory(root.resolve("imagesTr"));
        Path labels = Files.createDirectory(root.resolve("labelsTr"));
        for (String n : List.of("a.nii.gz", "._a.nii.gz", "b_0000.nii.gz", "c.nii", "notes.txt", "d.nii.gz")) {
            Files.createFile(images.resolve(n));
        }
        for (String n : List.of("a.nii.gz", "._a.nii.gz", "b.nii.gz", "c.nii", "e.nii.gz")) {
            Files.createFile(labels.resolve(n));
        }
        VolumeFolders.Result r = VolumeFolders.scan(root);
        assertEquals(List.of(new VolumePair("a", images.resolve("a.nii.gz"), labels.resolve("a.nii.gz")),
                new VolumePair("b_0000", images.resolve("b_0000.nii.gz"), labels.resolve("b.nii.gz")),
                new VolumePair("c", images.resolve("c.nii"), labels.resolve("c.nii"))), r.pairs());
        assertEquals(List.of(images.resolve("d.nii.gz")), r.unmatchedImages());
        assertEquals(List.of(labels.resolve("e.nii.gz")), r.unmatchedLabels());
    }

    @Test
    void missingLayoutIsExplained(@TempDir Path root) {
        IOException e = assertThrows(IOException.class, () -> VolumeFolders.scan(root));
        assertEquals(true, e.getMessage().contains("imagesTr"), e.getMessage());
    }
}
