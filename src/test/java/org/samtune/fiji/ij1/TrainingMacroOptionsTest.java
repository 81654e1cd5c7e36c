package org.samtune.fiji.ij1;

import org.junit.jupiter.api.Test;
import org.samtune.engine.FineTuneJob;
import org.samtune.engine.StudyJob;
import org.samtune.engine.TrainingOptions;

import static org.junit.jupiter.api.Assertions.*;

/** The training keywords of the Fine-tune and Compare Strategies macros: one parser, the same settings. */
class TrainingMacroOptionsTest {
    private static final String KEYS = "encoder_blocks=0,1 rank=8 prompt=box classes=3 targets=[1,2] epochs=5 batch=2 "
            + "lr=1e-2 warmup=0 val_every=3 patience=7 seed=42";

    /** KEYS as the engine's options. */
    private static final String PARSED = "encoderBlocks=0,1 rank=8 prompt=box numClasses=3 targets=1,2 epochs=5 "
            + "batchSize=2 lr=0.01 warmup=0 valEvery=3 patience=7 seed=42";

    @Test
    void fineTuneAndStudyMacrosReadTheSameKeywords() {
        FineTuneJob.Request ft = FineTuneOptions.parse("train=[t.csv] out=[o] " + KEYS);
        StudyJob.Request st = StudyOptions.parse("train=[t.csv] test=[x.csv] strategies=all out=[o] " + KEYS);
        assertEquals(PARSED, ft.training.toString());
        assertEquals(PARSED, st.training.toString());
    }

    @Test
    void blocksWinsOverEncoderBlocksAndDefaultsAreTheEngines() {
        TrainingOptions t = TrainingMacroOptions.parse(new MacroOptions("blocks=all encoder_blocks=0,1"));
        assertEquals("all", t.encoderBlocks);
        TrainingOptions d = TrainingMacroOptions.parse(new MacroOptions(""));
        assertEquals(new TrainingOptions().toString(), d.toString());
    }

    @Test
    void badNumbersNameTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingMacroOptions.parse(new MacroOptions("lr=fast")));
        assertEquals("Option lr=fast is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingMacroOptions.parse(new MacroOptions("epochs=1.5")));
        assertEquals("Option epochs=1.5 is not a whole number", e.getMessage());
    }
}
