package org.samtune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samtune} command line. Errors end with a one-line reason on stderr and a non-zero exit
 * code (1 for a failed job, 2 for bad arguments); set SAMTUNE_DEBUG=1 for stack traces.
 */
@Command(name = "samtune", mixinStandardHelpOptions = true, version = "SAM Tune 0.1.0",
        description = "Segment Anything for medical images: segment, fine-tune, evaluate.",
        subcommands = {SegmentCommand.class, FinetuneCommand.class, EvaluateCommand.class, StudyCommand.class, DemoCommand.class, BenchCommand.class, InfoCommand.class})
public final class SamTune {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs with explicit output and error streams (tests, embedding in other tools). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SamTune());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (System.getenv("SAMTUNE_DEBUG") != null) {
                e.printStackTrace();
            }
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            commandLine.getErr().println("samtune " + commandLine.getCommandName() + ": " + msg.replace('\n', ' '));
            return 1;
        });
        return cl.execute(args);
    }
}
