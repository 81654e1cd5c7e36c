package org.samtune.cli;

import org.junit.jupiter.api.Test;
import org.samtune.engine.TrainingOptions;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code finetune} and {@code study} read the training options with the same mixin, to the same settings. */
class TrainingMixinTest {
    private static TrainingOptions parsed(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--train", "t.csv", "--out", "o"));
        if (command.equals("finetune")) {
            all.addAll(List.of("--method", "lora", "--components", "decoder"));
        } else {
            all.addAll(List.of("--test", "x.csv", "--strategies", "all"));
        }
        all.addAll(List.of(args));
        CommandLine.ParseResult pr = new CommandLine(new SamTune()).parseArgs(all.toArray(new String[0]));
        Object cmd = pr.subcommand().commandSpec().userObject();
        return cmd instanceof FinetuneCommand f ? f.training.options : ((StudyCommand) cmd).training.options;
    }

    @Test
    void bothCommandsReadTheSameSettings() {
        String expected = "encoderBlocks=all rank=8 prompt=box numClasses=3 targets=1,2 epochs=5 batchSize=2 lr=0.01 "
                + "warmup=0 valEvery=3 patience=7 seed=42";
        for (String command : List.of("finetune", "study")) {
            TrainingOptions t = parsed(command, "--encoder-blocks", "all", "--rank", "8", "--prompt", "box",
                    "--num-classes", "3", "--targets", "1,2", "--epochs", "5", "--batch-size", "2", "--lr", "0.01",
                    "--warmup", "0", "--val-every", "3", "--patience", "7", "--seed", "42");
            assertEquals(expected, t.toString(), command);
            assertEquals(0.01, t.lr, 0);
        }
    }

    @Test
    void defaultsAreTheEngines() {
        String engine = new TrainingOptions().toString();
        assertEquals("encoderBlocks=0,1,10,11 rank=4 prompt=none numClasses=2 targets=combine_all epochs=200 "
                + "batchSize=4 lr=0.001 warmup=200 valEvery=2 patience=20 seed=0", engine);
        assertEquals(engine, parsed("finetune").toString());
        assertEquals(engine, parsed("study").toString());
    }
}
