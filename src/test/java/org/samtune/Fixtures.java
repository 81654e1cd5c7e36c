package org.samtune;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the reference fixtures copied into src/test/resources (made with segment-anything / finetune-SAM). */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        Path p = Paths.get("src/test/resources/fixtures");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("Fixtures not found at " + p.toAbsolutePath());
        }
        return p;
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static Path keys(String name) {
        return Paths.get("src/test/resources/keys").resolve(name);
    }

    /** Reads an .npz (np.savez) into NDArrays named by member. */
    public static NDList npz(NDManager manager, String relative) {
        try (InputStream in = Files.newInputStream(file(relative))) {
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read fixture " + relative, e);
        }
    }
}
