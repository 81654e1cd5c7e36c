package org.samtune.fiji.ij1;

import java.io.IOException;
import java.nio.file.Path;

/** {@link ImageJInstall} for integration tests outside this package. */
public final class ImageJInstallAccess {
    private final ImageJInstall install;

    public ImageJInstallAccess(String folder) throws IOException {
        install = new ImageJInstall(folder);
    }

    private ImageJInstallAccess(ImageJInstall install) {
        this.install = install;
    }

    /** An installation already laid out in {@code root}: ij.jar, plugins/, jars/ and jars/linux64/. */
    public static ImageJInstallAccess existing(Path root) {
        return new ImageJInstallAccess(ImageJInstall.existing(root));
    }

    /** The ij.jar the tests run with. */
    public static Path ijJar() {
        return ImageJInstall.ijJar();
    }

    /** A path as a macro string literal body. */
    public static String lit(Path p) {
        return ImageJInstall.lit(p);
    }

    /** Runs a macro file; fails the test on a non-zero exit code; returns the output. */
    public String runMacroFile(Path macro, boolean headless, String argument) throws IOException, InterruptedException {
        ImageJInstall.Run run = install.runMacroFile(macro, headless, argument);
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode, run.toString());
        return run.output;
    }
}
