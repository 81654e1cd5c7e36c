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
    @Option(names = "--encoder-blocks", defaultValue = "0,1,10,11", description = "encoder blocks with LoRA/adapters: list or 'all'")
    String encoderBlocks;
    @Option(names = "--rank", defaultValue = "4", description = "LoRA rank")
    int rank;
    @Option(names = "--prompt", defaultValue = "none", description = "none (automatic), box, point or hybrid")
    String prompt;
    @Option(names = "--num-classes", defaultValue = "2", description = "output classes including background")
    int numClasses;
    @Option(names = "--targets", defaultValue = "combine_all", description = "combine_all, multi_all or label ids")
    String targets;
    @Option(names = "--epochs", defaultValue = "200")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "4")
    int batchSize;
    @Option(names = "--lr", defaultValue = "1e-3")
    double lr;
    @Option(names = "--warmup", defaultValue = "200", description = "warm-up iterations (0: constant learning rate)")
    int warmup;
    @Option(names = "--val-every", defaultValue = "2", description = "validate every N epochs")
    int valEvery;
    @Option(names = "--patience", defaultValue = "20", description = "early stop after this many epochs without improvement")
    int patience;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
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
        r.encoderBlocks = encoderBlocks;
        r.rank = rank;
        r.prompt = prompt;
        r.numClasses = numClasses;
        r.targets = targets;
        r.epochs = epochs;
        r.batchSize = batchSize;
        r.lr = lr;
        r.warmup = warmup;
        r.valEvery = valEvery;
        r.patience = patience;
        r.seed = seed;
        r.resume = resume;
        r.augment = !noAugment;
        r.intensity = intensity;
        r.out = out;
        r.device = runtime.options.deviceChoice();
        r.threads = runtime.options.threads;
        // A kill loses at most the epoch in progress: every epoch ends with atomically written checkpoints.
        FineTuning.Result res = FineTuneJob.run(r, new ProgressPrinter(spec.commandLine().getErr(), epochs), new Cancellation());
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "finetune: %d epochs, %d iterations, best val Dice %.4f at epoch %d%s%s; outputs in %s",
                res.epochsCompleted(), res.iterations(), res.bestDice(), res.bestEpoch() + 1,
                res.earlyStopped() ? " (early stop)" : "", res.cancelled() ? " (cancelled)" : "", res.outDir()));
        return 0;
    }
}
