package org.samtune.cli;

import org.samtune.engine.ModelLoader;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --config / --arch (one of them, or neither: inferred) and --preprocess, shared by every command that loads models. */
final class ArchitectureOptions {
    static final class Architecture {
        @Option(names = "--config", description = "architecture JSON (keys as in data/models/sam-tiny/config.json)")
        Path config;

        @Option(names = "--arch", description = "preset: vit_b, vit_l, vit_h, vit_t (MobileSAM)")
        String arch;
    }

    // A heading gives the group its own usage section; without one picocli lists a mixin's group options twice
    // (once from the group, once in the command's own option list).
    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Architecture (default: inferred from the checkpoint)%n")
    Architecture architecture;

    @Option(names = "--preprocess", description = "sam (keep aspect, pad) or finetune-sam (stretch); default: from the checkpoint")
    String preprocess;

    /** Loader options with the user's architecture, preprocessing, device and threads. */
    ModelLoader.Options toLoaderOptions(RuntimeOptions runtime) {
        ModelLoader.Options o = new ModelLoader.Options();
        if (architecture != null && architecture.config != null) {
            o.config = SamConfig.fromJson(architecture.config);
        }
        if (architecture != null && architecture.arch != null) {
            o.arch = architecture.arch;
        }
        if (preprocess != null) {
            o.preprocessing = InputPreprocessing.parse(preprocess);
        }
        o.device = runtime.deviceChoice();
        o.threads = runtime.threads;
        return o;
    }
}
