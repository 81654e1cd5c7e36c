package org.samtune.fiji;

import ij.measure.ResultsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.engine.DemoJob;
import org.samtune.engine.DjlRuntime;
import org.samtune.engine.ModelLoader;
import org.samtune.eval.MetricsTable;
import org.samtune.eval.SummaryStatistics;
import org.samtune.fiji.ij1.EvaluatePlugin;
import org.samtune.fiji.ij1.FineTunePlugin;
import org.samtune.train.FineTuning;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleService;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Fine-tune and Evaluate front-ends run headless: the SciJava commands from a Context (status
 * events captured from the EventService) and the ImageJ 1.x call() entries with macro option
 * strings, on the bundled MRI-Prostate 5-shot set with the small built-in architecture from scratch.
 * The front-ends add no logic, so the checks are: the engine's files appear, progress is reported,
 * cancel stops the run, the tables equal the CSV files, and both front-ends give the same results.
 */
class TrainEvaluateCommandsTest {
    static final Path PROSTATE = Path.of("src/test/resources/datasets/mri-prostate");
    static final Path TRAIN = PROSTATE.resolve("MRI-Prostate/train_5shot.csv");
    static final Path VAL = PROSTATE.resolve("MRI-Prostate/val_5shot.csv");
    static final Path SMALL = Path.of(DemoJob.SMALL_ARCHITECTURE);

    @TempDir
    static Path tmp;
    static Context context;
    static CommandService commands;
    static StatusListener statusListener;
    /** The fine-tuned model's architecture for evaluation: 2 outputs (classes), finetune-SAM block order. */
    static Path trainedArch;
    static Path run1;
    static String run1Summary;
    static List<StatusEvent> run1Status;

    /** Keeps the status events (the EventService holds subscribers weakly: keep this referenced). */
    public static final class StatusListener {
        final List<StatusEvent> events = new CopyOnWriteArrayList<>();
        volatile Consumer<StatusEvent> hook = e -> {};

        @EventHandler
        public void onStatus(StatusEvent e) {
            events.add(e);
            hook.accept(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
        commands = context.service(CommandService.class);
        statusListener = new StatusListener();
        context.service(EventService.class).subscribe(statusListener);
        trainedArch = tmp.resolve("trained-arch.json");
        String json = Files.readString(SMALL).replace("\"num_multimask_outputs\": 3",
                "\"num_multimask_outputs\": 2, \"finetune_sam_block_order\": true");
        assertNotEquals(Files.readString(SMALL), json, "the architecture file changed");
        Files.writeString(trainedArch, json);

        run1 = tmp.resolve("run1");
        CommandModule m = commands.run(FineTuneCommand.class, true, fineTuneInputs(run1, 1)).get();
        run1Summary = (String) m.getOutput("summary");
        waitForStatus(e -> e.getStatusMessage() != null && e.getStatusMessage().startsWith("finetune:"));
        run1Status = List.copyOf(statusListener.events);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    static Map<String, Object> fineTuneInputs(Path out, int epochs) {
        Map<String, Object> in = new HashMap<>();
        in.put("train", TRAIN.toFile());
        in.put("validation", VAL.toFile());
        in.put("validationFraction", 0.0);
        in.put("imageRoot", PROSTATE.toFile());
        in.put("maskRoot", PROSTATE.toFile());
        in.put("checkpoint", null);
        in.put("fromScratch", true);
        in.put("architecture", "auto");
        in.put("config", SMALL.toFile());
        in.put("method", "vanilla");
        in.put("components", "encoder+decoder");
        in.put("encoderBlocks", "0,1,10,11");
        in.put("rank", 4);
        in.put("prompt", "box");
        in.put("classes", 2);
        in.put("targets", "combine_all");
        in.put("epochs", epochs);
        in.put("batchSize", 4);
        in.put("lr", 1e-3);
        in.put("warmup", 0);
        in.put("valEvery", 1);
        in.put("patience", 20);
        in.put("seed", 0L);
        in.put("resume", false);
        in.put("output", out.toFile());
        in.put("device", "cpu");
        in.put("threads", 1);
        return in;
    }

    /** Status events are published asynchronously: wait (up to 10 s) for one that matches. */
    static void waitForStatus(java.util.function.Predicate<StatusEvent> p) throws InterruptedException {
        for (int i = 0; i < 200 && statusListener.events.stream().noneMatch(p); i++) {
            Thread.sleep(50);
        }
    }

    static String fineTuneOptions(Path out) {
        return "train=[" + TRAIN + "] val=[" + VAL + "] image_root=[" + PROSTATE + "] mask_root=[" + PROSTATE
                + "] scratch config=[" + SMALL + "] method=vanilla components=encoder+decoder prompt=box classes=2 "
                + "epochs=1 batch=4 lr=0.001 warmup=0 val_every=1 seed=0 out=[" + out + "] device=cpu threads=1";
    }

    Map<String, Object> evaluateInputs(Path checkpoint, Path out) {
        Map<String, Object> in = new HashMap<>();
        in.put("checkpoint", checkpoint.toFile());
        in.put("moreCheckpoints", "");
        in.put("architecture", "auto");
        in.put("config", trainedArch.toFile());
        in.put("preprocessing", "finetune-sam");
        in.put("data", VAL.toFile());
        in.put("imageRoot", PROSTATE.toFile());
        in.put("maskRoot", PROSTATE.toFile());
        in.put("prompt", "box");
        in.put("points", 5);
        in.put("seed", 42L);
        in.put("classes", 2);
        in.put("targets", "combine_all");
        in.put("output", out.toFile());
        in.put("device", "cpu");
        in.put("threads", 1);
        return in;
    }

    @Test
    void fineTuneWritesTheEngineOutputsAndReportsProgress() throws Exception {
        assertTrue(run1Summary.startsWith("finetune: 1 epochs, 2 iterations"), run1Summary);
        assertFalse(run1Summary.contains("cancelled"), run1Summary);
        for (String f : new String[] {FineTuning.LAST, FineTuning.BEST, FineTuning.ARGS, FineTuning.LOG, FineTuning.CURVE}) {
            assertTrue(Files.size(run1.resolve(f)) > 0, f);
        }
        // one status event per step (5 samples, batch 4: 2 steps) with the progress bar, and the epoch line
        List<StatusEvent> steps = run1Status.stream()
                .filter(e -> e.getStatusMessage() != null && e.getStatusMessage().startsWith("SAM Tune: epoch 1, step "))
                .toList();
        assertEquals(2, steps.size(), run1Status.toString());
        assertEquals(TrainingProgress.STEPS, steps.get(0).getProgressMaximum());
        assertEquals(TrainingProgress.STEPS / 2, steps.get(0).getProgressValue());
        assertEquals(TrainingProgress.STEPS, steps.get(1).getProgressValue());
        assertTrue(steps.get(0).getStatusMessage().contains("step 1/2"), steps.get(0).getStatusMessage());
        assertTrue(run1Status.stream().anyMatch(e -> e.getStatusMessage() != null
                && e.getStatusMessage().startsWith("SAM Tune: epoch 1: loss ") && e.getStatusMessage().contains("validation Dice")),
                run1Status.toString());
    }

    @Test
    void cancelAfterTheFirstStepEndsTheRunCancelled() throws Exception {
        Path out = tmp.resolve("cancelled");
        ModuleService modules = context.service(ModuleService.class);
        CommandInfo info = commands.getCommand(FineTuneCommand.class);
        CommandModule module = (CommandModule) modules.createModule(info);
        Map<String, Object> in = fineTuneInputs(out, 50);
        in.put("batchSize", 1); // 5 steps per epoch, 250 in all
        in.put("validation", null);
        statusListener.hook = e -> {
            if (e.getStatusMessage() != null && e.getStatusMessage().contains("step 1/")) {
                module.cancel("test");
            }
        };
        try {
            modules.run(module, true, in).get();
        } finally {
            statusListener.hook = e -> {};
        }
        FineTuneCommand command = (FineTuneCommand) module.getDelegateObject();
        FineTuning.Result r = command.result();
        assertNotNull(r, (String) module.getOutput("summary"));
        assertTrue(r.cancelled(), "the run ended cancelled");
        assertTrue(r.iterations() < 250, "stopped early: " + r.iterations() + " steps");
        assertTrue(((String) module.getOutput("summary")).contains("(cancelled)"));
        assertTrue(command.isCanceled());
        assertEquals("test", command.getCancelReason());
    }

    @Test
    void evaluateShowsMetricsCsvAsAResultsTable() throws Exception {
        Path out = tmp.resolve("eval-sj");
        CommandModule m = commands.run(EvaluateCommand.class, true, evaluateInputs(run1.resolve(FineTuning.BEST), out)).get();
        String summary = (String) m.getOutput("summary");
        assertFalse(summary.startsWith("error"), summary);
        EvaluateCommand command = (EvaluateCommand) m.getDelegateObject();
        MetricsTable csv = MetricsTable.read(out.resolve("metrics.csv"));
        ResultsTable rt = command.metricsTable();
        assertEquals(csv.size(), rt.size());
        assertTrue(csv.size() >= 5, "one row per validation image at least: " + csv.size());
        for (int i = 0; i < csv.size(); i++) {
            MetricsTable.Row row = csv.rows().get(i);
            assertEquals(row.model(), rt.getStringValue("model", i));
            assertEquals(row.caseName(), rt.getStringValue("case", i));
            assertEquals(row.slice(), rt.getStringValue("slice", i));
            assertEquals(row.cls(), (int) rt.getValue("class", i));
            for (String metric : MetricsTable.METRICS) {
                assertEquals(row.metric(metric), rt.getValue(metric, i), 0.0, metric + " row " + i);
            }
        }
        List<SummaryStatistics.Group> groups = SummaryStatistics.read(out.resolve("summary.csv"));
        ResultsTable st = command.summaryTable();
        assertEquals(groups.size(), st.size());
        for (int i = 0; i < groups.size(); i++) {
            assertEquals(groups.get(i).metric(), st.getStringValue("metric", i));
            assertEquals(groups.get(i).stats().mean(), st.getValue("mean", i), 0.0);
        }
        assertTrue(command.boxPlot().getWidth() > 0);
        for (String f : new String[] {"summary.csv", "problems.csv", "dice_boxplot.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
    }

    @Test
    void imageJ1CallEntriesGiveTheSameRunsAsTheCommands() throws Exception {
        Path out = tmp.resolve("run-ij1");
        String r = FineTunePlugin.finetune(fineTuneOptions(out));
        assertTrue(r.startsWith("finetune: 1 epochs, 2 iterations"), r);
        assertTrue(Files.size(out.resolve(FineTuning.BEST)) > 0);
        // the same choices through both front-ends: the same training (seeded, 1 thread)
        assertEquals(Files.readString(run1.resolve(FineTuning.LOG)), Files.readString(out.resolve(FineTuning.LOG)));

        Path evalSj = tmp.resolve("eval-sj-2");
        commands.run(EvaluateCommand.class, true, evaluateInputs(run1.resolve(FineTuning.BEST), evalSj)).get();
        Path evalIj = tmp.resolve("eval-ij1");
        String e = EvaluatePlugin.evaluate("checkpoint=[" + run1.resolve(FineTuning.BEST) + "] config=[" + trainedArch
                + "] preprocess=finetune-sam data=[" + VAL + "] image_root=[" + PROSTATE + "] mask_root=[" + PROSTATE
                + "] prompt=box classes=2 out=[" + evalIj + "] device=cpu threads=1");
        assertTrue(e.contains("class 1 (slice): Dice"), e);
        assertEquals(Files.readString(evalSj.resolve("metrics.csv")), Files.readString(evalIj.resolve("metrics.csv")));
    }

    @Test
    void errorsBecomeMessagesNotExceptions() throws Exception {
        Map<String, Object> in = fineTuneInputs(tmp.resolve("bad"), 1);
        in.put("train", new File(tmp.toFile(), "missing.csv"));
        CommandModule m = commands.run(FineTuneCommand.class, true, in).get();
        String summary = (String) m.getOutput("summary");
        assertTrue(summary.startsWith("error: ") && summary.contains("missing.csv"), summary);

        String e = EvaluatePlugin.evaluate("checkpoint=[" + tmp.resolve("nothing.pth") + "] data=[" + VAL + "] out=["
                + tmp.resolve("bad-eval") + "]");
        assertTrue(e.startsWith("error: Checkpoint ") && e.contains("nothing.pth"), e);
        String f = FineTunePlugin.finetune("epochs=1 out=[" + tmp.resolve("bad2") + "]");
        assertEquals("error: give the training data: train=[list.csv or folder]", f);
    }
    /** An evaluation of {@code checkpoint} on the validation list as the engine runs it, with this intensity. */
    EvaluationSettings evaluation(Path checkpoint, Path out, String intensity) {
        EvaluationSettings s = new EvaluationSettings();
        s.checkpoints = checkpoint.toString();
        s.config = trainedArch;
        s.preprocessing = "finetune-sam";
        s.data = VAL;
        s.imageRoot = PROSTATE;
        s.maskRoot = PROSTATE;
        s.prompt = "box";
        s.seed = 42;
        s.classes = 2;
        s.out = out;
        s.device = "cpu";
        s.threads = 1;
        s.intensity = intensity;
        return s;
    }

    @Test
    void recordedIntensityIsUsedBySegmentAndEvaluateFromFiji() throws Exception {
        // fine-tune with intensity ct:soft-tissue, from the SciJava command and from macro options: recorded
        Path ct = tmp.resolve("run-ct");
        Map<String, Object> in = fineTuneInputs(ct, 1);
        in.put("intensity", "ct:soft-tissue");
        String summary = (String) commands.run(FineTuneCommand.class, true, in).get().getOutput("summary");
        assertTrue(summary.startsWith("finetune: 1 epochs"), summary);
        assertEquals("ct:soft-tissue", ModelLoader.readIntensity(ct.resolve(ModelLoader.MODEL_DESCRIPTION)).spec());
        Path ctMacro = tmp.resolve("run-ct-ij1");
        String r = FineTunePlugin.finetune(fineTuneOptions(ctMacro) + " intensity=ct:soft-tissue");
        assertTrue(r.startsWith("finetune: 1 epochs"), r);
        assertEquals("ct:soft-tissue", ModelLoader.readIntensity(ctMacro.resolve(ModelLoader.MODEL_DESCRIPTION)).spec());
        Path best = ct.resolve(FineTuning.BEST);

        // Evaluate from Fiji without an intensity = the engine given ct:soft-tissue (and not auto)
        Path evalSj = tmp.resolve("eval-ct-sj");
        String e = (String) commands.run(EvaluateCommand.class, true, evaluateInputs(best, evalSj)).get().getOutput("summary");
        assertFalse(e.startsWith("error"), e);
        Path evalMacro = tmp.resolve("eval-ct-ij1");
        e = EvaluatePlugin.evaluate("checkpoint=[" + best + "] config=[" + trainedArch + "] preprocess=finetune-sam data=["
                + VAL + "] image_root=[" + PROSTATE + "] mask_root=[" + PROSTATE + "] prompt=box classes=2 out=["
                + evalMacro + "] device=cpu threads=1");
        assertFalse(e.startsWith("error"), e);
        Path evalCt = tmp.resolve("eval-ct-engine");
        org.samtune.engine.EvaluationJob.run(evaluation(best, evalCt, "ct:soft-tissue").toRequest(), m -> {});
        Path evalAuto = tmp.resolve("eval-auto-engine");
        org.samtune.engine.EvaluationJob.run(evaluation(best, evalAuto, "auto").toRequest(), m -> {});
        String expected = Files.readString(evalCt.resolve("metrics.csv"));
        assertEquals(expected, Files.readString(evalSj.resolve("metrics.csv")));
        assertEquals(expected, Files.readString(evalMacro.resolve("metrics.csv")));
        assertNotEquals(expected, Files.readString(evalAuto.resolve("metrics.csv")), "the mapping changes the result");

        // Segment from Fiji without an intensity: the engine's prediction on the ct:soft-tissue-mapped image
        Path slice = PROSTATE.resolve("MRI-Prostate/images/patient108/study108/volumn108/UCL29_7.png");
        ij.ImagePlus imp = org.samtune.io.ImageFiles.open(slice);
        assertEquals(8, imp.getBitDepth());
        Map<String, Object> seg = SegmentCommandTest.inputs(imp, "binary mask");
        seg.put("checkpoint", best.toFile());
        seg.put("config", null);
        seg.put("boxes", "120,110,260,250");
        CommandModule m = commands.run(SegmentCommand.class, true, seg).get();
        org.samtune.predict.Prediction fiji = ((SegmentCommand) m.getDelegateObject()).segmentation().predictions.get(0);
        byte[] gray = (byte[]) imp.getProcessor().getPixels();
        org.samtune.predict.Prompt box = new org.samtune.predict.Prompt().box(120, 110, 260, 250);
        float[] withCt = engineLogits(best, org.samtune.io.IntensityMapping.parse("ct:soft-tissue").toRgb(gray, 384, 384), box);
        float[] withAuto = engineLogits(best, org.samtune.io.IntensityMapping.auto().toRgb(gray, 384, 384), box);
        assertArrayEquals(withCt, fiji.lowResLogits);
        assertFalse(java.util.Arrays.equals(withAuto, fiji.lowResLogits), "auto would give other logits");
        SamSession.disposeShared();
    }

    static float[] engineLogits(Path checkpoint, org.samtune.predict.RgbImage image, org.samtune.predict.Prompt prompt) {
        ModelLoader.Options o = new ModelLoader.Options();
        o.device = DjlRuntime.DeviceChoice.CPU;
        o.threads = 1;
        try (org.samtune.engine.LoadedModel model = ModelLoader.load(checkpoint, o);
             org.samtune.predict.SamPredictor p = new org.samtune.predict.SamPredictor(model.model(), model.manager(),
                     model.preprocessing())) {
            p.setImage(image);
            return p.predict(List.of(prompt), false).lowResLogits;
        }
    }
}
