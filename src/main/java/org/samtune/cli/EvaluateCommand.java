package org.samtune.cli;

import org.samtune.engine.EvaluationJob;
import org.samtune.engine.ModelLoader;
import org.samtune.io.SliceAxis;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import org.samtune.train.TargetSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code samtune evaluate}: score one or more checkpoints on a labelled data set (see {@link EvaluationJob}). */
@Command(name = "evaluate", description = {
    "Evaluate checkpoints on labelled 2-D images or NIfTI volumes: metrics.csv, summary.csv (mean, std, median, "
        + "seeded 95%% bootstrap CI), predictions/, overlays/ (best and worst cases), dice_boxplot.png, problems.csv.",
    "Prompts come from the ground truth with finetune-SAM's seeded sampling; 'none' uses the model's automatic output."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "[NAME=]FILE",
            description = "checkpoint (.pth/.safetensors); repeat to compare models; NAME labels its rows (default: file name)")
    List<String> checkpoints = new ArrayList<>();

    @Mixin
    ArchitectureOptions architecture = new ArchitectureOptions();

    @Mixin
    RuntimeMixin runtime;

    @Option(names = "--data", required = true,
            description = "finetune-SAM list file (image,mask rows), a folder with images/ + masks/, or a folder of NIfTI volumes (imagesTr/ + labelsTr/ or images/ + labels/)")
    Path data;

    @Option(names = "--image-root", description = "list files: folder the image paths are relative to (default: found next to the list)")
    Path imageRoot;

    @Option(names = "--mask-root", description = "list files: folder the mask paths are relative to (default: found next to the list)")
    Path maskRoot;

    @Option(names = "--prompt", defaultValue = "box", description = "none, box, point, or propagate (volumes: one box per class, carried slice to slice); default ${DEFAULT-VALUE}")
    String prompt;

    @Option(names = "--points", defaultValue = "5", description = "point mode: positive points per class (finetune-SAM prompt_num, default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the prompt sampling and the bootstrap (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--num-classes", defaultValue = "0", description = "classes including background (default: from --targets, or the model's outputs without prompts)")
    int numClasses;

    @Option(names = "--targets", defaultValue = "combine_all", description = "combine_all (any label > 0 is class 1), multi_all (label = class) or label ids like 1,2 (default ${DEFAULT-VALUE})")
    String targets;

    @Option(names = "--intensity", description = "auto, asis, minmax, slice-minmax, percentile:LO,HI (mr = 0.5,99.5), "
            + "window:LO,HI, ct:soft-tissue|lung|bone|brain (default: each model's recorded one, else auto)")
    String intensity;

    @Option(names = "--axis", defaultValue = "z", description = "volumes: slice axis x, y or z (default ${DEFAULT-VALUE})")
    String axis;

    @Option(names = "--nsd-tolerance", defaultValue = "1.0", description = "normalized surface Dice tolerance, mm (volumes) or pixels (2-D); default ${DEFAULT-VALUE}")
    double nsdTolerance;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "bootstrap resamples for the confidence intervals (default ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--overlays", defaultValue = "3", description = "best and worst cases drawn per model (default ${DEFAULT-VALUE})")
    int overlays;

    @Option(names = "--no-prompt-output", defaultValue = "auto", description = "prompt none: auto, class-map (finetune-SAM argmax) or best-mask (stock SAM); default ${DEFAULT-VALUE}")
    String noPromptOutput;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Override
    public Integer call() throws Exception {
        EvaluationJob.Request r = new EvaluationJob.Request();
        for (String c : checkpoints) {
            r.models.add(EvaluationJob.ModelSpec.parse(c));
        }
        ModelLoader.Options o = architecture.toLoaderOptions(runtime.options);
        r.loader = o;
        r.data = data;
        r.imageRoot = imageRoot;
        r.maskRoot = maskRoot;
        r.prompt = EvaluationJob.PromptMode.parse(prompt);
        r.points = points;
        r.seed = seed;
        r.intensity = intensity;
        r.numClasses = numClasses;
        r.targets = TargetSpec.parse(targets);
        r.axis = SliceAxis.parse(axis);
        r.nsdTolerance = nsdTolerance;
        r.bootstrapResamples = bootstrap;
        r.overlays = overlays;
        r.noPromptOutput = switch (noPromptOutput.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> EvaluationJob.NoPromptOutput.AUTO;
            case "class-map", "classmap", "class_map" -> EvaluationJob.NoPromptOutput.CLASS_MAP;
            case "best-mask", "bestmask", "best_mask" -> EvaluationJob.NoPromptOutput.BEST_MASK;
            default -> throw new IllegalArgumentException("--no-prompt-output must be auto, class-map or best-mask");
        };
        r.out = out;
        EvaluationJob.Result result = EvaluationJob.run(r, spec.commandLine().getErr()::println);
        spec.commandLine().getOut().println(result.summaryText());
        return 0;
    }
}
