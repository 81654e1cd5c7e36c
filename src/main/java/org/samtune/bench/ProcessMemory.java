package org.samtune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Resident set size of this process (Linux /proc; -1 elsewhere), for benchmarks. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Current RSS in MiB. */
    public static double rssMiB() {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** Peak RSS (high-water mark) in MiB. */
    public static double peakRssMiB() {
        return statusKb("VmHWM:") / 1024.0;
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1024;
        }
        return -1024;
    }
}
