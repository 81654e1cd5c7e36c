package org.samtune.fiji.ij1;

import java.io.IOException;
import java.nio.file.Path;

/** {@link ImageJInstall} for integration tests outside this package. */
public final class ImageJInstallAccess {
    private final ImageJInstall install;

    public ImageJInstallAccess(String folder) throws IOException {
        install = new ImageJInstall(folder);
    }

    /** Runs a macro file; fails the test on a non-zero exit code; returns the output. */
    public String runMacroFile(Path macro, boolean headless, String argument) throws IOException, InterruptedException {
        ImageJInstall.Run run = install.runMacroFile(macro, headless, argument);
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode, run.toString());
        return run.output;
    }
}
