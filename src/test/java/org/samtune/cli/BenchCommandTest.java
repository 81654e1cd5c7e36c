package org.samtune.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's device choice is validated like every other command's, before any model is built. */
class BenchCommandTest {
    @Test
    void unknownDeviceIsRefusedWithTheChoices() {
        for (String[] args : new String[][] {{"bench", "--device", "tpu"}, {"bench", "--train", "--device", "tpu"}}) {
            CliRun r = CliRun.of(args);
            assertNotEquals(0, r.exitCode, r.toString());
            assertTrue(r.err.contains("Unknown device 'tpu': use cpu, gpu or auto"), r.toString());
            assertTrue(!r.out.contains("matmul"), "nothing measured: " + r);
        }
    }
}
