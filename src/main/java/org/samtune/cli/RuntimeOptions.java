package org.samtune.cli;

import org.samtune.engine.DjlRuntime;
import picocli.CommandLine.Option;

/** Device and threads: shared by every command that runs the model. */
final class RuntimeOptions {
    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", defaultValue = "0", description = "intra-op CPU threads (0 = PyTorch default: all cores)")
    int threads;

    DjlRuntime.DeviceChoice deviceChoice() {
        return DjlRuntime.DeviceChoice.parse(device);
    }
}
