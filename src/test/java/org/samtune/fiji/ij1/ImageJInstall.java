package org.samtune.fiji.ij1;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A minimal ImageJ 1.x installation in a temporary folder, laid out like Fiji: ij.jar (the one on the
 * test class path), the packaged plugin jar in plugins/, its runtime jars in jars/. Macros run in a
 * separate JVM without DISPLAY.
 */
final class ImageJInstall {
    final Path root;

    /** Installs into target/it-imagej/NAME (re-created), outside JUnit's temp dirs because jars/ holds links. */
    ImageJInstall(String folder) throws IOException {
        this.root = Path.of("target", "it-imagej", folder).toAbsolutePath();
        deleteTree(root);
        Path target = Path.of("target").toAbsolutePath();
        Path pluginJar;
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().matches("SAM_Tune-[^-]+(-SNAPSHOT)?\\.jar")).toList();
            assertEquals(1, jars.size(), "exactly one packaged plugin jar in target/ (run through mvn verify)");
            pluginJar = jars.get(0);
        }
        Files.createDirectories(root.resolve("plugins"));
        Files.createDirectories(root.resolve("jars"));
        Files.copy(ijJar(), root.resolve("ij.jar"));
        Files.copy(pluginJar, root.resolve("plugins").resolve(pluginJar.getFileName()));
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            for (Path jar : s.toList()) {
                String name = jar.getFileName().toString();
                if (!name.startsWith("ij-")) {
                    // links keep the 110 MB native jar from being copied for every test
                    Files.createSymbolicLink(root.resolve("jars").resolve(name), jar);
                }
            }
        }
    }

    private ImageJInstall(Path root) {
        this.root = root.toAbsolutePath();
    }

    /** An installation someone else laid out in {@code root} (ij.jar, plugins/, jars/, jars/linux64/). */
    static ImageJInstall existing(Path root) {
        return new ImageJInstall(root);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The ImageJ jar the tests themselves run with (no hard-coded repository path). */
    static Path ijJar() {
        try {
            return Path.of(ij.ImageJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exit code and combined output of {@code ij.ImageJ -batch macro}. */
    static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    Run runMacro(String macro, boolean headless, String argument) throws IOException, InterruptedException {
        Path file = Files.createTempFile(root, "macro", ".ijm");
        Files.writeString(file, macro, StandardCharsets.UTF_8);
        return runMacroFile(file, headless, argument);
    }

    Run runMacroFile(Path macroFile, boolean headless, String argument) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Djava.awt.headless=" + headless,
                "-Dplugins.dir=" + root,
                "-Dai.djl.pytorch.num_threads=1",
                // jars/linux64/: where Fiji's launcher (and the updater) put this platform's native jars
                "-cp", root.resolve("ij.jar") + File.pathSeparator + root.resolve("jars") + File.separator + "*"
                        + File.pathSeparator + root.resolve("jars").resolve("linux64") + File.separator + "*",
                "ij.ImageJ", "-batch", macroFile.toString()));
        if (argument != null) {
            cmd.add(argument);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "ImageJ did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Runs a Java class of the test sources in this installation's ImageJ class path (ij.jar, jars/,
     * the plugin found by ImageJ in plugins/) with {@code DISPLAY=display}; the test classes are
     * added after them, so they reach the plugin only through ImageJ (menus, its class loader).
     */
    Run runJava(String mainClass, java.util.Map<String, String> properties, String display)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Djava.awt.headless=false",
                "-Dplugins.dir=" + root,
                "-Dai.djl.pytorch.num_threads=1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", root.resolve("ij.jar") + File.pathSeparator + root.resolve("jars") + File.separator + "*"
                + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(), mainClass));
        Path log = Files.createTempFile(root, "java", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", display);
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the GUI run did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** A path as a macro string literal body (backslashes doubled for Windows). */
    static String lit(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\");
    }
}
