package org.samtune.cli;

import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.StateDict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code samtune info}: what a checkpoint holds (architecture, PEFT method, tensor count). */
@Command(name = "info", description = "Describe a checkpoint: architecture inferred from its shapes, fine-tuning method, tensors.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CHECKPOINT", description = ".pth or .safetensors file")
    Path checkpoint;

    @Override
    public Integer call() {
        StateDict sd = Checkpoints.read(checkpoint);
        long elements = sd.tensors().values().stream().mapToLong(t -> t.numel()).sum();
        spec.commandLine().getOut().println(checkpoint + ": " + sd.size() + " tensors, " + elements + " elements");
        spec.commandLine().getOut().println(ArchitectureInference.infer(sd).describe());
        return 0;
    }
}
