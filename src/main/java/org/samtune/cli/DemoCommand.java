package org.samtune.cli;

import org.samtune.engine.DemoJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code samtune demo}: the README's main job on the bundled MRI-Prostate data. */
@Command(name = "demo", description = "Segment the bundled MRI-Prostate validation slices (box prompts from the ground truth) "
        + "and write masks, overlays and Dice to ./samtune-demo/.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", description = "a real SAM checkpoint (default: the bundled random-weight tiny model)")
    Path checkpoint;

    @Option(names = "--arch", description = "preset for --checkpoint when it cannot be inferred")
    String arch;

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
        r.loader.arch = arch;
        r.loader.device = runtime.options.deviceChoice();
        r.loader.threads = runtime.options.threads;
        spec.commandLine().getOut().println(DemoJob.run(r, spec.commandLine().getErr()::println));
        return 0;
    }
}
