package org.samtune.fiji.models;

import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.Checkpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The folder where a user keeps checkpoints, and what each one is (architecture and fine-tuning
 * method, read from its keys and shapes by {@link ArchitectureInference}).
 *
 * <p>The folder is, in order: the {@code samtune.models} system property, the {@code SAMTUNE_MODELS}
 * environment variable, Fiji's {@code models/} folder when running inside Fiji, else
 * {@code ~/.samtune/models}.
 */
public final class ModelFolder {
    private ModelFolder() {}

    /** One checkpoint file found in the folder. */
    public static final class Entry {
        public final Path file;
        /** null when the file could not be read as a checkpoint ({@link #error} says why). */
        public final ArchitectureInfo info;
        public final String error;

        Entry(Path file, ArchitectureInfo info, String error) {
            this.file = file;
            this.info = info;
            this.error = error;
        }

        /** "vit_b, plain SAM" / "custom, LoRA" / "unreadable: ..." */
        public String describe() {
            if (info == null) {
                return "unreadable: " + error;
            }
            String method = info.method == ArchitectureInfo.Method.NONE ? "plain SAM weights"
                    : "finetune-SAM " + info.method.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return info.preset + ", " + method;
        }
    }

    public static Path defaultFolder() {
        String prop = System.getProperty("samtune.models");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("SAMTUNE_MODELS");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        String fiji = System.getProperty("imagej.dir");
        if (fiji != null && Files.isDirectory(Paths.get(fiji, "models"))) {
            return Paths.get(fiji, "models");
        }
        return Paths.get(System.getProperty("user.home"), ".samtune", "models");
    }

    static boolean isCheckpointName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".pth") || n.endsWith(".pt") || n.endsWith(".safetensors") || n.endsWith(".ckpt");
    }

    /** The checkpoints in {@code folder} (not recursive), by name; an absent folder is empty. */
    public static List<Entry> list(Path folder) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> isCheckpointName(p.getFileName().toString())).sorted().toList();
        }
        for (Path f : files) {
            try {
                out.add(new Entry(f, ArchitectureInference.infer(Checkpoints.read(f)), null));
            } catch (RuntimeException e) {
                out.add(new Entry(f, null, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return out;
    }
}
