package org.samtune.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.checkpoint.ArchitectureInference;
import org.samtune.checkpoint.ArchitectureInfo;
import org.samtune.checkpoint.Checkpoints;
import org.samtune.checkpoint.StateDict;
import org.samtune.eval.Csv;
import org.samtune.model.PeftConfig;
import org.samtune.model.PeftTraining;
import org.samtune.model.Sam;
import org.samtune.model.SamConfig;
import org.samtune.model.SamFactory;
import org.samtune.train.Cancellation;
import org.samtune.train.FineTuning;
import org.samtune.train.TrainingListener;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A three-strategy study from scratch with the tiny fixture architecture (128² input, 1 epoch) on the bundled
 * MRI-Prostate 5-shot lists: plumbing and bookkeeping, not quality.
 */
class StudyJobTest {
    static final Path LISTS = Path.of("src/test/resources/datasets/mri-prostate/MRI-Prostate");

    @TempDir
    Path tmp;

    @Test
    void threeStrategiesFromScratch() throws Exception {
        StudyJob.Request r = new StudyJob.Request();
        r.train = LISTS.resolve("train_5shot.csv");
        r.val = LISTS.resolve("val_5shot.csv");
        r.test = LISTS.resolve("val_5shot.csv");
        r.fromScratch = true;
        r.config = Fixtures.file("sam-tiny/config.json");
        r.strategies = Strategy.parseList("base:vanilla:decoder,base:lora:encoder+decoder,base:adapter:decoder");
        r.training.encoderBlocks = "0,1";
        r.training.epochs = 1;
        r.training.batchSize = 2;
        r.training.warmup = 0;
        r.training.valEvery = 1;
        r.training.prompt = "box";
        r.training.seed = 3;
        r.bootstrapResamples = 200;
        r.overlays = 1;
        r.threads = 1;
        r.device = DjlRuntime.DeviceChoice.CPU;
        r.out = tmp.resolve("study");
        StudyJob.Result res = StudyJob.run(r, new TrainingListener() {}, new Cancellation());
        assertNotNull(res.evaluation(), res.evaluationError());

        List<StudyTable.Row> rows = StudyTable.read(r.out.resolve(StudyJob.TABLE));
        assertEquals(3, rows.size(), "one row per strategy, no zero-shot row from scratch");
        List<String[]> summary = summaryRows(r.out.resolve(StudyJob.EVALUATION).resolve("summary.csv"));
        for (int i = 0; i < 3; i++) {
            Strategy s = r.strategies.get(i);
            StudyTable.Row row = rows.get(i);
            assertEquals(s.token(), row.strategy());
            assertEquals(s.name(), row.name());
            assertEquals(StudyJob.OK, row.status(), row.error());
            assertEquals("", row.error());
            assertEquals(1, row.epochs());
            assertTrue(row.trainingSeconds() > 0, "training time measured");

            // the parameter counts, recomputed from the checkpoint that was evaluated: its keys say which PEFT
            // modules it has, the strategy which components train
            Path ckpt = r.out.resolve(s.name()).resolve(Files.isRegularFile(r.out.resolve(s.name())
                    .resolve(FineTuning.BEST)) ? FineTuning.BEST : FineTuning.LAST);
            StateDict sd = Checkpoints.read(ckpt);
            ArchitectureInfo info = ArchitectureInference.infer(sd);
            PeftConfig peft = SamFactory.peftOf(info, sd);
            SamConfig arch = SamConfig.fromJson(r.config);
            arch.numMultimaskOutputs = 2;
            PeftTraining.Components comps = s.components().equals("decoder") ? PeftTraining.Components.DECODER
                    : PeftTraining.Components.ENCODER_AND_DECODER;
            PeftTraining.ParameterCounts counts = PeftTraining.count(new Sam(arch, peft), peft, comps);
            assertEquals(counts.trainable, row.trainableParameters(), s.token());
            assertEquals(counts.total, row.totalParameters(), s.token());
            assertTrue(row.trainableParameters() > 0 && row.trainableParameters() < row.totalParameters(), s.token());

            // the Dice columns are summary.csv's slice-level Dice of this model
            assertEquals("slice", row.level());
            assertEquals(1, row.dice().size(), "binary task: class 1 only");
            String[] g = summary.stream().filter(x -> x[0].equals(s.name()) && x[1].equals("1")
                    && x[2].equals("slice") && x[3].equals("dice")).findFirst().orElseThrow();
            StudyTable.Dice d = row.dice().get(1);
            assertEquals(Integer.parseInt(g[4]), d.n());
            assertEquals(5, d.n(), "5 test images");
            assertEquals(Csv.parseNumber(g[6]), d.mean(), 0.0);
            assertEquals(Csv.parseNumber(g[9]), d.ciLow(), 0.0);
            assertEquals(Csv.parseNumber(g[10]), d.ciHigh(), 0.0);
            assertTrue(d.ciLow() <= d.mean() && d.mean() <= d.ciHigh());
        }
        // vanilla on the decoder trains the whole decoder; LoRA/adapters only their small modules (+ heads)
        assertNotEquals(rows.get(0).trainableParameters(), rows.get(1).trainableParameters());
        assertNotEquals(rows.get(0).trainableParameters(), rows.get(2).trainableParameters());

        BufferedImage png = ImageIO.read(r.out.resolve(StudyJob.CHART).toFile());
        assertNotNull(png, "study.png is a PNG");
        assertTrue(png.getWidth() > 300 && png.getHeight() > 100);
    }

    /** summary.csv's rows as fields: model, class, level, metric, n, n_nan, mean, std, median, ci_low, ci_high. */
    static List<String[]> summaryRows(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("model,class,level,metric,n,n_nan,mean,std,median,ci_low,ci_high", lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> Csv.split(l).toArray(new String[0])).toList();
    }
}
