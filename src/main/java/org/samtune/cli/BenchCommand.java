package org.samtune.cli;

import org.samtune.bench.InferenceBenchmark;
import org.samtune.engine.DjlRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code samtune bench}: speed and memory figures (printed, never asserted). */
@Command(name = "bench", description = "Benchmark: matmul rate, encoder forward, prompt latency, peak RSS, RSS growth.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "vit_b", description = "preset: vit_b, vit_l, vit_h, vit_t (random weights; default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--threads", defaultValue = "2", description = "intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--device", defaultValue = "auto",
            description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}: the GPU when PyTorch sees one)")
    String device;

    @Option(names = "--runs", defaultValue = "3", description = "timed encoder runs (median; default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--queries", defaultValue = "500", description = "prompt queries for latency and RSS growth")
    int queries;

    @Option(names = "--images", defaultValue = "20", description = "set-image calls for the RSS growth check")
    int images;

    @Option(names = "--train", description = "training figures instead: step times (decoder-only, LoRA encoder+decoder), cached vs recomputed epoch")
    boolean train;

    @Override
    public Integer call() {
        if (train) {
            org.samtune.bench.TrainingBenchmark.Settings t = new org.samtune.bench.TrainingBenchmark.Settings();
            t.arch = arch;
            t.threads = threads;
            t.device = DjlRuntime.DeviceChoice.parse(device);
            t.steps = runs;
            org.samtune.bench.TrainingBenchmark.run(t, spec.commandLine().getOut()::println);
            return 0;
        }
        InferenceBenchmark.Settings s = new InferenceBenchmark.Settings();
        s.arch = arch;
        s.threads = threads;
        s.device = DjlRuntime.DeviceChoice.parse(device);
        s.runs = runs;
        s.queries = queries;
        s.images = images;
        InferenceBenchmark.run(s, spec.commandLine().getOut()::println);
        return 0;
    }
}
