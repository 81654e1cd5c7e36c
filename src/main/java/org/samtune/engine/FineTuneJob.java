package org.samtune.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.samtune.io.IntensityMapping;
import org.samtune.model.PeftConfig;
import org.samtune.model.Sam;
import org.samtune.train.Cancellation;
import org.samtune.train.DatasetValidator;
import org.samtune.train.FineTuneModel;
import org.samtune.train.FineTuning;
import org.samtune.train.SliceSource;
import org.samtune.train.Trainer;
import org.samtune.train.TrainingConfig;
import org.samtune.train.TrainingData;
import org.samtune.train.TrainingDataset;
import org.samtune.train.TrainingListener;
import org.samtune.train.TrainingState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A fine-tuning run from the user's choices (the study's strategy vocabulary: method × components ×
 * encoder blocks) to finetune-SAM's settings, data and outputs. Front-ends fill a {@link Request};
 * this class holds the decisions.
 */
public final class FineTuneJob {
    private FineTuneJob() {}

    /** The user's choices, in the command line's and dialogs' terms. */
    public static final class Request {
        public Path train;
        public Path val;
        /** Fraction of the training data held out for validation when no {@link #val} is given (0 = none). */
        public double valFraction;
        public Path imageRoot;
        public Path maskRoot;
        /** Base weights; null with {@link #fromScratch}. */
        public Path checkpoint;
        public boolean fromScratch;
        /** vit_b, vit_l, vit_h, vit_t, or null = inferred from the checkpoint. */
        public String arch;
        public Path config;
        public String method = "lora";
        /** decoder or encoder+decoder. */
        public String components = "encoder+decoder";
        /** Encoder blocks, rank, prompts, classes, schedule, seed. */
        public TrainingOptions training = new TrainingOptions();
        public boolean resume;
        /** finetune-SAM's training augmentation (photometric + spatial); off = resize and normalise only. */
        public boolean augment = true;
        /** {@link IntensityMapping} spec applied to training and validation images, recorded with the model. */
        public String intensity = "auto";
        public Path out;
        public DjlRuntime.DeviceChoice device = DjlRuntime.DeviceChoice.AUTO;
        public int threads;
    }

    /** Maps the request onto finetune-SAM's settings (field names as in its args.json). */
    public static TrainingConfig toConfig(Request r) {
        TrainingOptions t = r.training;
        TrainingConfig c = new TrainingConfig();
        if (r.config != null) {
            c.archConfig = r.config.toString();
            c.arch = "custom";
        } else {
            c.arch = r.arch != null ? r.arch : "auto";
        }
        if (r.fromScratch == (r.checkpoint != null)) {
            throw new IllegalArgumentException("Give exactly one of --checkpoint BASE.pth or --from-scratch");
        }
        if (r.fromScratch && r.config == null && r.arch == null) {
            throw new IllegalArgumentException("--from-scratch needs an architecture: --arch or --config");
        }
        c.samCkpt = r.checkpoint == null ? null : r.checkpoint.toString();
        String method = r.method.toLowerCase(Locale.ROOT);
        if (!Arrays.asList("vanilla", "adapter", "lora").contains(method)) {
            throw new IllegalArgumentException("--method " + r.method + ": use vanilla, adapter or lora");
        }
        String comps = r.components.toLowerCase(Locale.ROOT).replace(" ", "");
        boolean encoder;
        if (comps.equals("decoder")) {
            encoder = false;
        } else if (comps.equals("encoder+decoder") || comps.equals("both")) {
            encoder = true;
        } else {
            throw new IllegalArgumentException("--components " + r.components + ": use decoder or encoder+decoder");
        }
        int[] blocks = PeftConfig.parseBlocks(t.encoderBlocks);
        c.finetuneType = method;
        c.ifUpdateEncoder = encoder;
        c.ifEncoderLoraLayer = method.equals("lora") && encoder;
        c.ifDecoderLoraLayer = method.equals("lora");
        c.encoderLoraLayer = blocks;
        c.ifEncoderAdapter = method.equals("adapter") && encoder;
        c.ifMaskDecoderAdapter = method.equals("adapter");
        c.encoderAdapterDepths = blocks;
        c.rank = t.rank;
        c.prompt = t.prompt.toLowerCase(Locale.ROOT);
        c.numCls = t.numClasses;
        c.targets = t.targets;
        c.epochs = t.epochs;
        c.b = t.batchSize;
        c.lr = t.lr;
        c.ifWarmup = t.warmup > 0;
        c.warmupPeriod = Math.max(1, t.warmup);
        c.valFreq = t.valEvery;
        c.patience = t.patience;
        c.seed = t.seed;
        c.augment = r.augment;
        c.intensity = IntensityMapping.parse(r.intensity == null || r.intensity.isBlank() ? "auto" : r.intensity).spec();
        // the model's input size decides the training resolution (finetune-SAM: 1024 for every preset)
        if (r.config != null) {
            org.samtune.model.SamConfig arch = org.samtune.model.SamConfig.fromJson(r.config);
            c.imageSize = arch.imgSize;
            c.outSize = 4 * arch.imageEmbeddingSize[0]; // the decoder's low-res output, where the loss is computed
        }
        c.trainImgList = r.train.toString();
        c.valImgList = r.val == null ? null : r.val.toString();
        c.imgFolder = r.imageRoot == null ? null : r.imageRoot.toString();
        c.maskFolder = r.maskRoot == null ? null : r.maskRoot.toString();
        c.dirCheckpoint = r.out.toString();
        return c.validate();
    }

    public static FineTuning.Result run(Request r, TrainingListener listener, Cancellation cancel) throws IOException {
        DjlRuntime.init(r.threads);
        Consumer<String> log = listener::onMessage;
        TrainingConfig cfg;
        if (r.resume) {
            Path state = r.out.resolve(TrainingState.FILE);
            if (!Files.isRegularFile(state)) {
                throw new IllegalArgumentException("--resume: no " + TrainingState.FILE + " in " + r.out + " (nothing to resume)");
            }
            cfg = TrainingState.read(state).config();
            log.accept("resuming " + r.out + " from its saved settings and optimizer state");
        } else {
            cfg = toConfig(r);
        }
        IntensityMapping intensity = IntensityMapping.parse(cfg.intensity);
        log.accept("intensity: " + intensity.spec() + " (training and validation data; recorded in "
                + ModelLoader.MODEL_DESCRIPTION + ")");
        SliceSource trainSource = DataSources.open(r.train, r.imageRoot, r.maskRoot, intensity, log);
        SliceSource usable = DatasetValidator.usable(trainSource, cfg.targetSpec(), cfg.numCls,
                DatasetValidator.Policy.SKIP_WITH_WARNING, log);
        SliceSource valSource = null;
        if (r.val != null) {
            valSource = DatasetValidator.usable(DataSources.open(r.val, r.imageRoot, r.maskRoot, intensity, log), cfg.targetSpec(),
                    cfg.numCls, DatasetValidator.Policy.SKIP_WITH_WARNING, log);
        } else if (r.valFraction > 0) {
            SliceSource[] split = split(usable, r.valFraction, cfg.seed);
            usable = split[0];
            valSource = split[1];
            log.accept(String.format(Locale.ROOT, "validation: %d of %d samples held out (seed %d)",
                    valSource.size(), valSource.size() + usable.size(), cfg.seed));
        }
        if (usable.size() == 0) {
            throw new IllegalArgumentException("No usable training samples in " + r.train + " (see the warnings above)");
        }
        TrainingDataset train = TrainingData.dataset(cfg, usable, true);
        TrainingDataset val = valSource == null || valSource.size() == 0 ? null : TrainingData.dataset(cfg, valSource, false);
        Device device = DjlRuntime.device(r.device);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Sam sam = FineTuneModel.build(cfg, manager);
            ModelLoader.writeModelDescription(r.out, sam.config(), org.samtune.predict.InputPreprocessing.FINETUNE_SAM,
                    intensity);
            try (Trainer trainer = new Trainer(sam, manager, cfg)) {
                FineTuning run = new FineTuning(trainer, manager, train, val, r.out).listener(listener).cancellation(cancel);
                return r.resume ? run.resume() : run.run();
            }
        }
    }

    /** A seeded split into {training, validation}. */
    static SliceSource[] split(SliceSource source, double fraction, long seed) {
        int n = source.size();
        int nVal = (int) Math.round(n * fraction);
        if (fraction <= 0 || fraction >= 1 || nVal < 1 || nVal >= n) {
            throw new IllegalArgumentException("--val-fraction " + fraction + " leaves no training or no validation sample ("
                    + n + " samples)");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EEDL);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] valIdx = Arrays.copyOfRange(order, 0, nVal);
        int[] trainIdx = Arrays.copyOfRange(order, nVal, n);
        Arrays.sort(valIdx);
        Arrays.sort(trainIdx);
        return new SliceSource[] {new DatasetValidator.SubsetSource(source, trainIdx), new DatasetValidator.SubsetSource(source, valIdx)};
    }
}
