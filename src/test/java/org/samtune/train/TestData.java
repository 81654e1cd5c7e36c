package org.samtune.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The MRI-Prostate 5-shot demo set copied into src/test/resources (finetune-SAM layout). */
final class TestData {
    private TestData() {}

    /** finetune-SAM's img_folder = mask_folder. */
    static Path root() {
        Path p = Paths.get("src/test/resources/datasets/mri-prostate");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("test data not found at " + p.toAbsolutePath());
        }
        return p;
    }

    static Path trainList() {
        return root().resolve("MRI-Prostate/train_5shot.csv");
    }

    static Path valList() {
        return root().resolve("MRI-Prostate/val_5shot.csv");
    }

    static Path mask(String name) {
        return root().resolve("MRI-Prostate/masks/" + name);
    }
}
