package org.samtune.cli;

import org.samtune.engine.Strategy;
import org.samtune.engine.StudyJob;
import org.samtune.engine.StudyTable;
import org.samtune.train.Cancellation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code samtune study}: train several strategies on one split and compare them on a test set (see {@link StudyJob}). */
@Command(name = "study", description = {
    "Compare fine-tuning strategies: each ARCH:METHOD:COMPONENTS strategy is fine-tuned with the same data, seed and "
        + "budget into OUT/<strategy>/, then all of them (and the base checkpoint zero-shot) are evaluated together on "
        + "--test into OUT/evaluation/. Writes OUT/study.csv (trainable parameters, training seconds, test Dice with "
        + "95%% CI per class) and OUT/study.png.",
    "A strategy that fails is listed in study.csv with its error; the others still run. Exit code 1 when nothing "
        + "could be evaluated."})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, description = "training data: list file (image,mask rows), images/+masks/ folder or NIfTI folder")
    Path train;
    @Option(names = "--val", description = "validation data (early stopping, best checkpoint); default: none, the last epoch is evaluated")
    Path val;
    @Option(names = "--test", required = true, description = "test data (same forms)")
    Path test;
    @Option(names = "--image-root", description = "folder the lists' image paths are relative to (default: found next to each list)")
    Path imageRoot;
    @Option(names = "--mask-root", description = "folder the lists' mask paths are relative to (default: found next to each list)")
    Path maskRoot;
    @Option(names = "--strategies", required = true, paramLabel = "LIST|all",
            description = "comma-separated ARCH:METHOD:COMPONENTS, e.g. base:lora:encoder+decoder,vit_b:adapter:decoder "
                    + "(ARCH: base = the checkpoint's or --config's architecture, vit_b, vit_l, vit_h; METHOD: vanilla, "
                    + "adapter, lora; COMPONENTS: decoder, encoder+decoder); 'all' = the 6 combinations for base")
    String strategies;
    @Option(names = "--checkpoint", description = "base weights; also evaluated zero-shot")
    Path checkpoint;
    @Option(names = "--from-scratch", description = "random initial weights (ARCH base needs --config)")
    boolean fromScratch;
    @Option(names = "--config", description = "architecture JSON (what ARCH base means)")
    Path config;
    @Mixin
    TrainingMixin training;
    @Option(names = "--bootstrap", defaultValue = "1000", description = "bootstrap resamples for the confidence intervals (default ${DEFAULT-VALUE})")
    int bootstrap;
    @Option(names = "--overlays", defaultValue = "3", description = "best and worst test cases drawn per model (default ${DEFAULT-VALUE})")
    int overlays;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Mixin
    RuntimeMixin runtime;

    @Override
    public Integer call() throws Exception {
        List<Strategy> list;
        try {
            list = Strategy.parseList(strategies);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--strategies: " + e.getMessage());
        }
        StudyJob.Request r = new StudyJob.Request();
        r.train = train;
        r.val = val;
        r.test = test;
        r.imageRoot = imageRoot;
        r.maskRoot = maskRoot;
        r.strategies = list;
        r.checkpoint = checkpoint;
        r.fromScratch = fromScratch;
        r.config = config;
        r.training = training.options.copy();
        r.bootstrapResamples = bootstrap;
        r.overlays = overlays;
        r.out = out;
        r.device = runtime.options.deviceChoice();
        r.threads = runtime.options.threads;
        StudyJob.Result res = StudyJob.run(r, new ProgressPrinter(spec.commandLine().getErr(), training.options.epochs), new Cancellation());
        spec.commandLine().getOut().println(res.summaryText());
        for (StudyTable.Row row : res.rows()) {
            if (!row.ok()) {
                spec.commandLine().getErr().println("samtune study: " + row.strategy() + " " + row.status() + ": " + row.error());
            }
        }
        return res.evaluation() == null ? 1 : 0;
    }
}
