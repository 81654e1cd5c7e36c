package org.samtune.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A study hands its training settings to every strategy's fine-tuning request, each with its own copy. */
class TrainingOptionsTest {
    @Test
    void everyStrategyGetsTheStudysSettingsInItsOwnCopy() {
        StudyJob.Request r = new StudyJob.Request();
        r.train = Path.of("t.csv");
        r.fromScratch = true;
        r.config = Path.of("arch.json");
        r.out = Path.of("study");
        r.training.encoderBlocks = "0,1";
        r.training.rank = 8;
        r.training.prompt = "box";
        r.training.numClasses = 3;
        r.training.targets = "1,2";
        r.training.epochs = 5;
        r.training.batchSize = 2;
        r.training.lr = 0.01;
        r.training.warmup = 0;
        r.training.valEvery = 3;
        r.training.patience = 7;
        r.training.seed = 42;
        assertEquals("encoderBlocks=0,1 rank=8 prompt=box numClasses=3 targets=1,2 epochs=5 batchSize=2 lr=0.01 "
                + "warmup=0 valEvery=3 patience=7 seed=42", r.training.toString());
        FineTuneJob.Request a = StudyJob.fineTuneRequest(r, Strategy.parseList("base:lora:decoder").get(0));
        FineTuneJob.Request b = StudyJob.fineTuneRequest(r, Strategy.parseList("base:adapter:decoder").get(0));
        for (FineTuneJob.Request ft : new FineTuneJob.Request[] {a, b}) {
            assertNotSame(r.training, ft.training);
            assertEquals(r.training.toString(), ft.training.toString());
        }
        a.training.epochs = 99;
        assertEquals(5, r.training.epochs);
        assertEquals(5, b.training.epochs);
        assertEquals(Path.of("study", "base-lora-decoder"), a.out);
    }
}
