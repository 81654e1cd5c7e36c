package org.samtune.cli;

import picocli.CommandLine.ArgGroup;

/** Mixin wrapper so several commands share {@link RuntimeOptions}. */
final class RuntimeMixin {
    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Runtime%n")
    RuntimeOptions options = new RuntimeOptions();
}
