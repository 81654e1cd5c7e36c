package org.samtune.fiji;

import org.samtune.io.IntensityMapping;
import org.scijava.plugin.Parameter;

import java.io.File;

/**
 * The model parameters of the SciJava commands that use one existing model (Segment, Segment (image data),
 * Interactive Segment, Evaluate): checkpoint, architecture, architecture file, preprocessing and intensity, on top
 * of {@link EngineCommand}'s device and threads. The parameter names are the macro/script keys
 * ({@code checkpoint}, {@code architecture}, {@code config}, {@code preprocessing}, {@code intensity},
 * {@code device}, {@code threads}).
 */
public abstract class ModelCommand extends EngineCommand {
    @Parameter(label = "Checkpoint", style = "open", description = "SAM / MedSAM / finetune-SAM .pth or .safetensors")
    protected File checkpoint;

    @Parameter(label = "Architecture", choices = {"auto", "vit_b", "vit_l", "vit_h", "vit_t"}, persist = false)
    protected String architecture = "auto";

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false,
            description = "JSON with the architecture, for checkpoints whose sizes cannot be inferred")
    protected File config;

    @Parameter(label = "Preprocessing", choices = {"auto", "sam", "finetune-sam"}, persist = false)
    protected String preprocessing = "auto";

    @Parameter(label = "Intensity mapping (empty = the model's)", required = false, persist = false,
            description = "how values become SAM's 8-bit input; empty = the one recorded with the model, else auto; "
                    + IntensityMapping.SPECS)
    protected String intensity = "";

    /** The model the parameters name (checks the files and choices, naming a bad one). */
    protected ModelSpec modelSpec() {
        if (checkpoint == null) {
            throw new IllegalArgumentException("No checkpoint given: choose a SAM / MedSAM / finetune-SAM .pth or"
                    + " .safetensors file");
        }
        return ModelSpec.of(checkpoint.toPath(), architecture, path(config), preprocessing, device, threads);
    }

    /** The intensity parameter; null = the one recorded with the model, else auto. */
    protected IntensityMapping intensityMapping() {
        return IntensityMapping.parseOrNull(intensity);
    }
}
