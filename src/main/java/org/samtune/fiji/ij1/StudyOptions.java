package org.samtune.fiji.ij1;

import org.samtune.engine.Strategy;
import org.samtune.engine.StudyJob;

/**
 * The macro options of "SAM Tune Compare Strategies" as the engine's study request. Keywords (defaults as on the
 * command line's {@code samtune study}): {@code train=[..] val=[..] test=[..] image_root=[..] mask_root=[..]
 * strategies=[vit_b:lora:encoder+decoder,...|all] checkpoint=[..] | scratch, config=[arch.json] bootstrap=1000
 * overlays=3 out=[..] device=auto threads=0} and the training keywords of "SAM Tune Fine-tune",
 * {@link TrainingMacroOptions}.
 */
final class StudyOptions {
    private StudyOptions() {}

    static StudyJob.Request parse(String options) {
        MacroOptions o = new MacroOptions(options);
        StudyJob.Request r = new StudyJob.Request();
        r.train = FineTuneOptions.path(o, "train");
        r.val = FineTuneOptions.path(o, "val");
        r.test = FineTuneOptions.path(o, "test");
        r.imageRoot = FineTuneOptions.path(o, "image_root");
        r.maskRoot = FineTuneOptions.path(o, "mask_root");
        String strategies = o.get("strategies", "").trim();
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("give the strategies: strategies=[base:lora:decoder,base:adapter:decoder] or all");
        }
        try {
            r.strategies = Strategy.parseList(strategies);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strategies=[" + strategies + "]: " + e.getMessage(), e);
        }
        r.checkpoint = FineTuneOptions.path(o, "checkpoint");
        r.fromScratch = o.has("scratch") || o.has("from_scratch");
        r.config = FineTuneOptions.path(o, "config");
        r.training = TrainingMacroOptions.parse(o);
        r.bootstrapResamples = o.getInt("bootstrap", r.bootstrapResamples);
        r.overlays = o.getInt("overlays", r.overlays);
        r.out = FineTuneOptions.path(o, "out");
        if (r.train == null || r.test == null) {
            throw new IllegalArgumentException("give the training and test data: train=[list.csv or folder] test=[...]");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("give an output folder: out=[folder]");
        }
        r.device = FineTuneOptions.device(o);
        r.threads = o.getInt("threads", 0);
        return r;
    }
}
