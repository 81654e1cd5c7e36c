package org.samtune.cli;

import org.samtune.engine.FineTuneJob;
import org.samtune.train.Cancellation;
import org.samtune.train.FineTuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code samtune finetune}: one of the study's strategies on the user's labelled data. */
@Command(name = "finetune", description = "Fine-tune SAM (vanilla / Adapter / LoRA x decoder / encoder+decoder), as finetune-SAM does.")
final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, description = "list file (image,mask rows), images/+masks/ folder or NIfTI folder")
    Path train;
    @Option(names = "--val", description = "validation data (same forms)")
    Path val;
    @Option(names = "--val-fraction", defaultValue = "0", description = "hold out this fraction of --train for validation")
    double valFraction;
    @Option(names = "--image-root", description = "folder the list's image paths are relative to")
    Path imageRoot;
    @Option(names = "--mask-root", description = "folder the list's mask paths are relative to")
    Path maskRoot;
    @Option(names = "--checkpoint", description = "base weights (SAM, MedSAM, MobileSAM or a finetune-SAM checkpoint)")
    Path checkpoint;
    @Option(names = "--from-scratch", description = "random initial weights (needs --arch or --config)")
    boolean fromScratch;
    @Option(names = "--arch", description = "vit_b, vit_l, vit_h, vit_t (default: inferred from --checkpoint)")
    String arch;
    @Option(names = "--config", description = "architecture JSON")
    Path config;
    @Option(names = "--method", required = true, description = "vanilla, adapter or lora")
    String method;
    @Option(names = "--components", required = true, description = "decoder or encoder+decoder")
    String components;
    @Mixin
    TrainingMixin training;
    @Option(names = "--intensity", defaultValue = "auto", description = "how images become 8-bit: auto, asis, minmax, "
            + "slice-minmax, percentile:LO,HI (mr = 0.5,99.5), window:LO,HI, ct:soft-tissue|lung|bone|brain; applied to "
            + "training and validation data and recorded with the model (default: ${DEFAULT-VALUE})")
    String intensity;

    @Option(names = "--no-augment", description = "train without finetune-SAM's augmentation (resize and normalise only)")
    boolean noAugment;
    @Option(names = "--resume", description = "continue the run in --out after an interruption")
    boolean resume;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Mixin
    RuntimeMixin runtime;

    @Override
    public Integer call() throws Exception {
        FineTuneJob.Request r = new FineTuneJob.Request();
        r.train = train;
        r.val = val;
        r.valFraction = valFraction;
        r.imageRoot = imageRoot;
        r.maskRoot = maskRoot;
        r.checkpoint = checkpoint;
        r.fromScratch = fromScratch;
        r.arch = arch;
        r.config = config;
        r.method = method;
        r.components = components;
        r.training = training.options.copy();
        r.resume = resume;
        r.augment = !noAugment;
        r.intensity = intensity;
        r.out = out;
        r.device = runtime.options.deviceChoice();
        r.threads = runtime.options.threads;
        // A kill loses at most the epoch in progress: every epoch ends with atomically written checkpoints.
        FineTuning.Result res = FineTuneJob.run(r, new ProgressPrinter(spec.commandLine().getErr(), training.options.epochs), new Cancellation());
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "finetune: %d epochs, %d iterations, best val Dice %.4f at epoch %d%s%s; outputs in %s",
                res.epochsCompleted(), res.iterations(), res.bestDice(), res.bestEpoch() + 1,
                res.earlyStopped() ? " (early stop)" : "", res.cancelled() ? " (cancelled)" : "", res.outDir()));
        return 0;
    }
}
