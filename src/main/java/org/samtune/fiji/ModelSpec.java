package org.samtune.fiji;

import org.samtune.engine.DjlRuntime;
import org.samtune.engine.ModelLoader;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which model the user asked for, as the Fiji front-ends collect it (strings from dialogs and macro
 * options). Two specs are equal when they would load the same weights the same way, including the
 * checkpoint's size and modification time, so a checkpoint re-written by a fine-tuning run in place
 * is re-loaded.
 *
 * <p>The thread count is not part of the identity: PyTorch's intra-op threads are fixed when the
 * engine starts, once per JVM.
 */
public final class ModelSpec {
    /** Front-end spelling of "work it out from the checkpoint". */
    public static final String AUTO = "auto";

    public final Path checkpoint;
    /** vit_b, vit_l, vit_h, vit_t or null (inferred). */
    public final String arch;
    /** Architecture JSON or null. */
    public final Path config;
    /** null = from the checkpoint (finetune-SAM checkpoints stretch, SAM ones keep the aspect ratio). */
    public final InputPreprocessing preprocessing;
    public final DjlRuntime.DeviceChoice device;
    public final int threads;
    private final String fileStamp;

    private ModelSpec(Path checkpoint, String arch, Path config, InputPreprocessing preprocessing,
                      DjlRuntime.DeviceChoice device, int threads) {
        this.checkpoint = checkpoint.toAbsolutePath().normalize();
        this.arch = arch;
        this.config = config == null ? null : config.toAbsolutePath().normalize();
        this.preprocessing = preprocessing;
        this.device = device;
        this.threads = threads;
        this.fileStamp = stamp(this.checkpoint) + "|" + (this.config == null ? "" : stamp(this.config));
    }

    /**
     * Parses the front-ends' choices. Blank or "auto" means "work it out" for arch, preprocess and device.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ModelSpec of(Path checkpoint, String arch, Path config, String preprocess, String device, int threads) {
        if (checkpoint == null || checkpoint.toString().isBlank()) {
            throw new IllegalArgumentException("No checkpoint given: choose a SAM / MedSAM / finetune-SAM .pth or .safetensors file");
        }
        if (!Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("Checkpoint " + checkpoint + " does not exist or is not a file");
        }
        if (config != null && config.toString().isBlank()) {
            config = null;
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new IllegalArgumentException("Architecture file " + config + " does not exist");
        }
        String a = isAuto(arch) ? null : arch.trim().toLowerCase(Locale.ROOT);
        if (a != null) {
            SamConfig.preset(a); // fails with the list of presets
        }
        InputPreprocessing p = isAuto(preprocess) ? null : InputPreprocessing.parse(preprocess);
        DjlRuntime.DeviceChoice d = isAuto(device) ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device);
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (PyTorch default) or more, got " + threads);
        }
        return new ModelSpec(checkpoint, a, config, p, d, threads);
    }

    static boolean isAuto(String s) {
        return s == null || s.isBlank() || s.trim().equalsIgnoreCase(AUTO);
    }

    /** The engine's loader options (a config file wins over a preset, as on the command line). */
    public ModelLoader.Options toLoaderOptions() {
        ModelLoader.Options o = new ModelLoader.Options();
        if (config != null) {
            o.config = SamConfig.fromJson(config);
        } else if (arch != null) {
            o.arch = arch;
        }
        o.preprocessing = preprocessing;
        o.device = device;
        o.threads = threads;
        return o;
    }

    private static String stamp(Path p) {
        try {
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelSpec)) {
            return false;
        }
        ModelSpec s = (ModelSpec) o;
        return checkpoint.equals(s.checkpoint) && Objects.equals(arch, s.arch) && Objects.equals(config, s.config)
                && preprocessing == s.preprocessing && device == s.device && fileStamp.equals(s.fileStamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkpoint, arch, config, preprocessing, device, fileStamp);
    }

    @Override
    public String toString() {
        return checkpoint.getFileName() + " (arch " + (arch == null ? AUTO : arch) + (config == null ? "" : ", config " + config.getFileName())
                + ", preprocess " + (preprocessing == null ? AUTO : preprocessing.label()) + ", device "
                + device.name().toLowerCase(Locale.ROOT) + ")";
    }
}
