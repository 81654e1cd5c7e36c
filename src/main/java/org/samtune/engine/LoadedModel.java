package org.samtune.engine;

import ai.djl.ndarray.NDManager;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.io.IntensityMapping;
import org.samtune.predict.InputPreprocessing;

import java.nio.file.Path;

/** A SAM model with its weights in native memory, plus what is known about where it came from. */
public final class LoadedModel implements AutoCloseable {
    private final Sam model;
    private final NDManager manager;
    private final Path checkpoint;
    private final ArchitectureInfo info;
    private final InputPreprocessing preprocessing;
    private final IntensityMapping intensity;

    LoadedModel(Sam model, NDManager manager, Path checkpoint, ArchitectureInfo info, InputPreprocessing preprocessing,
                IntensityMapping intensity) {
        this.model = model;
        this.manager = manager;
        this.checkpoint = checkpoint;
        this.info = info;
        this.preprocessing = preprocessing;
        this.intensity = intensity;
    }

    public Sam model() {
        return model;
    }

    public SamConfig config() {
        return model.config();
    }

    /** Owns the weights; child managers hold embeddings and per-call temporaries. */
    public NDManager manager() {
        return manager;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    /** What the checkpoint's keys and shapes say (null for a model built in memory). */
    public ArchitectureInfo info() {
        return info;
    }

    public InputPreprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * The intensity mapping the model was fine-tuned with ({@code samtune_intensity} in the run's
     * {@value ModelLoader#MODEL_DESCRIPTION}); null when nothing was recorded (stock checkpoints).
     */
    public IntensityMapping intensity() {
        return intensity;
    }

    /** One line for logs and the CLI. */
    public String describe() {
        String arch = model.config().name;
        String method = info == null ? "none" : info.method.name().toLowerCase(java.util.Locale.ROOT);
        return String.format(java.util.Locale.ROOT, "%s (%s, PEFT %s, %s preprocessing, device %s)",
                checkpoint == null ? "<in memory>" : checkpoint.getFileName(), arch, method,
                preprocessing.label(), DjlRuntime.name(manager.getDevice()));
    }

    @Override
    public void close() {
        manager.close();
    }
}
