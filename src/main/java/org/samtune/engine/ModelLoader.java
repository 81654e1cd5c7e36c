package org.samtune.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.StateDict;
import org.samtune.model.ModelWeights;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.model.SamFactory;
import org.samtune.predict.InputPreprocessing;

import java.nio.file.Path;

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

    public static LoadedModel load(Path checkpoint, Options options) {
        DjlRuntime.init(options.threads);
        StateDict sd = Checkpoints.read(checkpoint);
        ArchitectureInfo info = ArchitectureInference.infer(sd);
        SamConfig config;
        if (options.config != null) {
            config = options.config;
        } else if (options.arch != null) {
            config = SamConfig.preset(options.arch);
            config.finetuneSamBlockOrder = info.method != ArchitectureInfo.Method.NONE;
        } else {
            config = info.toSamConfig();
        }
        InputPreprocessing preprocessing = options.preprocessing != null ? options.preprocessing
                : info.method != ArchitectureInfo.Method.NONE ? InputPreprocessing.FINETUNE_SAM : InputPreprocessing.SAM;
        Device device = DjlRuntime.device(options.device);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            // finetune-SAM LoRA/adapter modules, as the checkpoint's keys say (none for plain SAM)
            Sam model = new Sam(config, SamFactory.peftOf(info, sd));
            ModelWeights.load(model, sd, manager);
            return new LoadedModel(model, manager, checkpoint, info, preprocessing);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
