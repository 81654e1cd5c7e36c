package org.samtune.engine;

import org.samtune.train.Cancellation;
import org.samtune.train.FineTuning;
import org.samtune.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The README's main job, end to end on the bundled MRI-Prostate 5-shot set: fine-tune (from the
 * user's checkpoint with LoRA on the decoder, or from scratch with a small built-in architecture that
 * trains in minutes on two cores), then evaluate the best checkpoint on the validation list and write
 * masks, overlays, metrics and the training curve to the output folder.
 */
public final class DemoJob {
    /** The built-in architecture for training from scratch (256² input, 4 blocks of width 64). */
    public static final String SMALL_ARCHITECTURE = "data/models/demo-small.json";

    private DemoJob() {}

    public static final class Request {
        public Path home = Path.of(".");
        public Path out = Path.of("samtune-demo");
        public Path checkpoint;
        public String arch;
        /** 0 = the default for the chosen start (from scratch: 100; from a checkpoint: 30). */
        public int epochs;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int threads;
    }

    public static String run(Request r, TrainingListener listener) throws IOException {
        Path data = r.home.resolve("data/mri-prostate");
        Path train = data.resolve("MRI-Prostate/train_5shot.csv");
        Path val = data.resolve("MRI-Prostate/val_5shot.csv");
        if (!Files.isRegularFile(train) || !Files.isRegularFile(val)) {
            throw new IllegalArgumentException("Demo data not found under " + data + " (run from the repository root)");
        }
        Files.createDirectories(r.out);
        FineTuneJob.Request ft = new FineTuneJob.Request();
        ft.train = train;
        ft.val = val;
        ft.imageRoot = data;
        ft.maskRoot = data;
        ft.out = r.out.resolve("finetune");
        ft.device = r.device;
        ft.threads = r.threads;
        ft.training.prompt = "box";
        ft.training.valEvery = 5;
        ft.training.patience = 1000;
        if (r.checkpoint == null) {
            Path arch = r.home.resolve(SMALL_ARCHITECTURE);
            ft.fromScratch = true;
            ft.config = arch;
            ft.method = "vanilla";
            ft.components = "encoder+decoder";
            ft.training.epochs = r.epochs > 0 ? r.epochs : 100;
            ft.training.batchSize = 1;
            ft.training.warmup = 20;
            // from random weights, finetune-SAM's heavy augmentation needs far more than a demo's budget
            ft.augment = false;
        } else {
            ft.checkpoint = r.checkpoint;
            ft.arch = r.arch;
            ft.method = "lora";
            ft.components = "decoder"; // frozen encoder: embeddings computed once, CPU-practical
            ft.training.epochs = r.epochs > 0 ? r.epochs : 30;
            ft.training.warmup = 20;
        }
        listener.onMessage(String.format(Locale.ROOT, "demo: fine-tuning %s (%s, %s, box prompts) for %d epochs on %s",
                r.checkpoint == null ? "from scratch (built-in small architecture, no augmentation)" : r.checkpoint,
                ft.method, ft.components, ft.training.epochs, train));
        FineTuning.Result result = FineTuneJob.run(ft, listener, new Cancellation());
        if (Files.isRegularFile(ft.out.resolve(FineTuning.CURVE))) { // absent when no epoch completed
            Files.copy(ft.out.resolve(FineTuning.CURVE), r.out.resolve(FineTuning.CURVE), StandardCopyOption.REPLACE_EXISTING);
        }

        EvaluationJob.Request ev = new EvaluationJob.Request();
        ev.models = List.of(new EvaluationJob.ModelSpec("finetuned", ft.out.resolve(FineTuning.BEST)));
        ev.data = val;
        ev.imageRoot = data;
        ev.maskRoot = data;
        ev.out = r.out;
        ev.prompt = EvaluationJob.PromptMode.BOX;
        ev.numClasses = ft.training.numClasses;
        ev.loader.device = r.device;
        ev.loader.threads = r.threads;
        // architecture and preprocessing come from the run's sam_config.json next to the checkpoint
        EvaluationJob.Result eval = EvaluationJob.run(ev, listener::onMessage);
        return String.format(Locale.ROOT, "demo: fine-tuned %d epochs (best validation Dice %.4f at epoch %d, finetune-SAM's "
                + "Dice with background)%n%s%nresults in %s: metrics.csv, summary.csv, predictions/, overlays/, "
                + "dice_boxplot.png, training_curve.png, finetune/", result.epochsCompleted(), result.bestDice(),
                result.bestEpoch() + 1, eval.summaryText(), r.out.toAbsolutePath());
    }
}
