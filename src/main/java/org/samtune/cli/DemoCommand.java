package org.samtune.cli;

import org.samtune.engine.DemoJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code samtune demo}: the README's main job on the bundled MRI-Prostate data. */
@Command(name = "demo", description = "Fine-tune on the bundled MRI-Prostate 5-shot set, evaluate on its validation list, "
        + "and write masks, overlays, metrics and the training curve to ./samtune-demo/.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", description = "start from this SAM checkpoint (LoRA on the decoder); "
            + "default: train the built-in small architecture from scratch")
    Path checkpoint;

    @Option(names = "--arch", description = "preset for --checkpoint when it cannot be inferred")
    String arch;

    @Option(names = "--epochs", defaultValue = "0", description = "epochs (default: 100 from scratch, 30 from a checkpoint)")
    int epochs;

    @Option(names = "--out", defaultValue = "samtune-demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    RuntimeMixin runtime;

    @Override
    public Integer call() throws Exception {
        DemoJob.Request r = new DemoJob.Request();
        r.home = Path.of(System.getProperty("samtune.home", "."));
        r.out = out;
        r.checkpoint = checkpoint;
        r.arch = arch;
        r.epochs = epochs;
        r.device = runtime.options.deviceChoice();
        r.threads = runtime.options.threads;
        int total = epochs > 0 ? epochs : checkpoint == null ? 100 : 30;
        spec.commandLine().getOut().println(DemoJob.run(r, new ProgressPrinter(spec.commandLine().getErr(), total)));
        return 0;
    }
}
