package org.samtune.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.StateDict;
import org.samtune.io.IntensityMapping;
import org.samtune.model.ModelWeights;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.model.SamFactory;
import org.samtune.predict.InputPreprocessing;

import java.io.IOException;
import java.nio.file.Path;
import org.samtune.checkpoint.AtomicFiles;

/**
 * Loads a checkpoint into a ready-to-use model: reads the file (.pth or .safetensors), works out the
 * architecture (the user's --config/--arch wins, else it is inferred from key shapes), builds the
 * model and loads the weights strictly. The entry point every front-end uses.
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** What the user chose; null fields mean "work it out". */
    public static final class Options {
        public SamConfig config;
        public String arch;
        public InputPreprocessing preprocessing;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int threads;
    }

    /**
     * Written by fine-tuning next to its checkpoints: the architecture, the preprocessing and the intensity
     * mapping it trained with.
     */
    public static final String MODEL_DESCRIPTION = "sam_config.json";
    private static final String PREPROCESSING_KEY = "samtune_preprocessing";
    /** The {@link IntensityMapping#spec()} training used, e.g. "ct:soft-tissue". */
    public static final String INTENSITY_KEY = "samtune_intensity";

    /** Records a run's architecture (SamConfig JSON plus the preprocessing) in {@code folder}. */
    public static void writeModelDescription(Path folder, SamConfig config, InputPreprocessing preprocessing) throws IOException {
        writeModelDescription(folder, config, preprocessing, null);
    }

    /** Also records the intensity mapping (null: none recorded). */
    public static void writeModelDescription(Path folder, SamConfig config, InputPreprocessing preprocessing,
                                             IntensityMapping intensity) throws IOException {
        com.google.gson.JsonObject json = config.toJson();
        json.addProperty(PREPROCESSING_KEY, preprocessing.label());
        if (intensity != null) {
            json.addProperty(INTENSITY_KEY, intensity.spec());
        }
        java.nio.file.Files.createDirectories(folder);
        byte[] text = new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(json)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(MODEL_DESCRIPTION), out -> out.write(text));
    }

    private static InputPreprocessing readPreprocessing(Path description) {
        String label = readString(description, PREPROCESSING_KEY);
        return label == null ? null : InputPreprocessing.parse(label);
    }

    /** The intensity mapping recorded in a model description, or null when it has none. */
    public static IntensityMapping readIntensity(Path description) {
        String spec = readString(description, INTENSITY_KEY);
        try {
            return spec == null ? null : IntensityMapping.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(description + ": key " + INTENSITY_KEY + ": " + e.getMessage(), e);
        }
    }

    private static String readString(Path description, String key) {
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(
                    java.nio.file.Files.readString(description, java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
            return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read " + description + ": " + e.getMessage(), e);
        }
    }

    public static LoadedModel load(Path checkpoint, Options options) {
        DjlRuntime.init(options.threads);
        StateDict sd = Checkpoints.read(checkpoint);
        ArchitectureInfo info = ArchitectureInference.infer(sd);
        SamConfig config;
        InputPreprocessing recorded = null;
        Path described = checkpoint.toAbsolutePath().getParent().resolve(MODEL_DESCRIPTION);
        if (options.config == null && options.arch == null && java.nio.file.Files.isRegularFile(described)) {
            // a fine-tuned model: its run recorded the exact architecture and preprocessing
            config = SamConfig.fromJson(described);
            recorded = readPreprocessing(described);
        } else if (options.config != null) {
            config = options.config;
        } else if (options.arch != null) {
            config = SamConfig.preset(options.arch);
            config.finetuneSamBlockOrder = info.method != ArchitectureInfo.Method.NONE;
        } else {
            config = info.toSamConfig();
        }
        // the data preparation training used applies whatever architecture option the user gave
        IntensityMapping intensity = java.nio.file.Files.isRegularFile(described) ? readIntensity(described) : null;
        InputPreprocessing preprocessing = options.preprocessing != null ? options.preprocessing
                : recorded != null ? recorded
                : info.method != ArchitectureInfo.Method.NONE ? InputPreprocessing.FINETUNE_SAM : InputPreprocessing.SAM;
        Device device = DjlRuntime.device(options.device);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            // finetune-SAM LoRA/adapter modules, as the checkpoint's keys say (none for plain SAM)
            Sam model = new Sam(config, SamFactory.peftOf(info, sd));
            ModelWeights.load(model, sd, manager);
            return new LoadedModel(model, manager, checkpoint, info, preprocessing, intensity);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
