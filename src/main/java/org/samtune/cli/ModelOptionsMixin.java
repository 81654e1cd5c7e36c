package org.samtune.cli;

import picocli.CommandLine.ArgGroup;

/** Mixin wrapper so several commands share {@link ModelOptions}. */
final class ModelOptionsMixin {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Model%n")
    ModelOptions options;
}
