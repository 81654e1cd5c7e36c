package org.samtune.fiji;

import org.samtune.engine.EvaluationJob;
import org.samtune.train.TargetSpec;

import java.nio.file.Path;

/**
 * The evaluation choices of the Fiji front-ends (dialog and macro) in their text form, turned into the
 * engine's request; validation of the values is the engine's.
 */
public final class EvaluationSettings {
    /** One or more {@code [NAME=]FILE}, separated by ';'. */
    public String checkpoints = "";
    public String arch = ModelSpec.AUTO;
    public Path config;
    public String preprocessing = ModelSpec.AUTO;
    public Path data;
    public Path imageRoot;
    public Path maskRoot;
    public String prompt = "box";
    public int points = 5;
    public long seed = 42;
    /** Intensity spec; empty = each model's recorded one, else auto. */
    public String intensity = "";
    /** Classes including background; 0 = from the targets (or the model's outputs without prompts). */
    public int classes;
    public String targets = "combine_all";
    public Path out;
    public String device = ModelSpec.AUTO;
    public int threads;

    public EvaluationJob.Request toRequest() {
        EvaluationJob.Request r = new EvaluationJob.Request();
        for (String c : checkpoints.split(";")) {
            if (!c.isBlank()) {
                r.models.add(EvaluationJob.ModelSpec.parse(c.strip()));
            }
        }
        if (r.models.isEmpty()) {
            throw new IllegalArgumentException("choose at least one checkpoint");
        }
        // every checkpoint is checked the way the Segment command checks its one
        r.loader = ModelSpec.of(r.models.get(0).checkpoint(), arch, config, preprocessing, device, threads).toLoaderOptions();
        for (EvaluationJob.ModelSpec m : r.models) {
            ModelSpec.of(m.checkpoint(), arch, config, preprocessing, device, threads);
        }
        r.data = data;
        r.imageRoot = imageRoot;
        r.maskRoot = maskRoot;
        r.prompt = EvaluationJob.PromptMode.parse(prompt);
        r.points = points;
        r.seed = seed;
        r.intensity = intensity == null || intensity.isBlank() ? null : intensity.strip();
        r.numClasses = classes;
        r.targets = TargetSpec.parse(targets);
        r.out = out;
        return r;
    }
}
