#@ File (label = "Training data", description = "finetune-SAM list file (image,mask rows), images/ + masks/ folder or NIfTI folder") train
#@ File (label = "Validation data", description = "same forms; picks the best checkpoint, which is then evaluated on it") val
#@ File (label = "Output folder", style = "directory") out
#@ File (label = "Base checkpoint", required = false, description = "empty: train from scratch with the architecture file") checkpoint
#@ File (label = "Architecture file", required = false, description = "architecture JSON (needed from scratch)") config
#@ File (label = "Image root", style = "directory", required = false) imageRoot
#@ File (label = "Mask root", style = "directory", required = false) maskRoot
#@ String (label = "Method", choices = {"lora", "adapter", "vanilla"}, value = "lora") method
#@ String (label = "Components", choices = {"decoder", "encoder+decoder"}, value = "decoder") components
#@ String (label = "Prompt (training and evaluation)", choices = {"box", "point", "none"}, value = "box") prompt
#@ Integer (label = "Classes (including background)", value = 2) classes
#@ Integer (label = "Epochs", value = 30) epochs
#@ Integer (label = "Batch size", value = 4) batch
#@ Integer (label = "Warm-up iterations", value = 20) warmup
#@ Long (label = "Seed", value = 0) seed
#@ String (label = "Device", choices = {"auto", "cpu", "gpu"}, value = "auto") device
#@ Integer (label = "CPU threads (0 = all cores)", value = 0) threads

// Headless Fiji: fine-tune SAM, then evaluate the best checkpoint on the validation data, through SAM Tune's
// engine (the same jobs as `samtune finetune` and `samtune evaluate`):
//   ImageJ-linux64 --headless --run scripts/finetune-evaluate.groovy \
//       'train="/data/train.csv",val="/data/val.csv",out="/runs/lora",checkpoint="/models/sam_vit_b_01ec64.pth"'
// Writes OUT/finetune/ (checkpoints, training_log.csv, training_curve.png) and OUT/evaluation/ (metrics.csv,
// summary.csv, predictions/, overlays/, dice_boxplot.png).
// (Text goes through System.out: in a Groovy script println would use the binding's `out`, this script's folder.)

import org.samtune.engine.DjlRuntime
import org.samtune.engine.EvaluationJob
import org.samtune.engine.FineTuneJob
import org.samtune.train.Cancellation
import org.samtune.train.EpochRecord
import org.samtune.train.FineTuning
import org.samtune.train.TrainingListener

import java.nio.file.Files
import java.util.function.Consumer

def say = { String line -> System.out.println("SAM Tune: " + line); System.out.flush() }
def pathOf = { File f -> f == null || f.path.trim().isEmpty() ? null : f.toPath() }

def ft = new FineTuneJob.Request()
ft.train = pathOf(train)
ft.val = pathOf(val)
ft.imageRoot = pathOf(imageRoot)
ft.maskRoot = pathOf(maskRoot)
ft.checkpoint = pathOf(checkpoint)
ft.fromScratch = ft.checkpoint == null
ft.config = pathOf(config)
ft.method = method
ft.components = components
ft.training.prompt = prompt
ft.training.numClasses = classes
ft.training.epochs = epochs
ft.training.batchSize = batch
ft.training.warmup = warmup
ft.training.valEvery = 1
ft.training.seed = seed
ft.out = pathOf(out).resolve("finetune")
ft.device = device == "auto" ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device)
ft.threads = threads

def listener = new TrainingListener() {
    void onEpoch(EpochRecord r, double bestDice, int bestEpoch, double etaSeconds) {
        say(String.format(Locale.ROOT, "epoch %d: loss %.4f, validation Dice %.4f", r.epoch() + 1, r.loss(), r.valDice()))
    }

    void onMessage(String message) {
        say(message)
    }
}
FineTuning.Result trained = FineTuneJob.run(ft, listener, new Cancellation())
say(String.format(Locale.ROOT, "fine-tuned %d epochs, best validation Dice %.4f at epoch %d; outputs in %s",
        trained.epochsCompleted(), trained.bestDice(), trained.bestEpoch() + 1, ft.out))

def best = ft.out.resolve(FineTuning.BEST)
def ev = new EvaluationJob.Request()
// architecture and preprocessing come from the run's sam_config.json next to the checkpoint
ev.models = [new EvaluationJob.ModelSpec("finetuned", Files.isRegularFile(best) ? best : ft.out.resolve(FineTuning.LAST))]
ev.data = ft.val
ev.imageRoot = ft.imageRoot
ev.maskRoot = ft.maskRoot
ev.prompt = EvaluationJob.PromptMode.parse(prompt)
ev.numClasses = classes
ev.seed = seed
ev.loader.device = ft.device
ev.loader.threads = threads
ev.out = pathOf(out).resolve("evaluation")
def evaluated = EvaluationJob.run(ev, { String m -> say(m) } as Consumer<String>)
say(evaluated.summaryText())
