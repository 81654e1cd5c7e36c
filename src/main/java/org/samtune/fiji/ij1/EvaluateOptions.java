package org.samtune.fiji.ij1;

import org.samtune.fiji.EvaluationSettings;

/**
 * The macro options of "SAM Tune Evaluate": {@code checkpoint=[[NAME=]a.pth;[NAME=]b.pth] data=[..]
 * image_root=[..] mask_root=[..] arch=auto config=[arch.json] preprocess=auto prompt=box points=5
 * seed=42 intensity=SPEC classes=0 targets=combine_all out=[..] device=auto threads=0} (no intensity: each model's
 * recorded one, else auto).
 */
final class EvaluateOptions {
    private EvaluateOptions() {}

    static EvaluationSettings parse(String options) {
        MacroOptions o = new MacroOptions(options);
        EvaluationSettings s = new EvaluationSettings();
        s.checkpoints = o.get("checkpoint", o.get("checkpoints", ""));
        s.arch = o.get("arch", s.arch);
        s.config = FineTuneOptions.path(o, "config");
        s.preprocessing = o.get("preprocess", s.preprocessing);
        s.data = FineTuneOptions.path(o, "data");
        if (s.data == null) {
            throw new IllegalArgumentException("give the data: data=[list.csv or folder]");
        }
        s.imageRoot = FineTuneOptions.path(o, "image_root");
        s.maskRoot = FineTuneOptions.path(o, "mask_root");
        s.prompt = o.get("prompt", s.prompt);
        s.points = o.getInt("points", s.points);
        s.seed = (long) FineTuneOptions.number(o, "seed", s.seed);
        s.intensity = o.get("intensity", "").trim();
        s.classes = o.getInt("classes", s.classes);
        s.targets = o.get("targets", s.targets);
        s.out = FineTuneOptions.path(o, "out");
        if (s.out == null) {
            throw new IllegalArgumentException("give an output folder: out=[folder]");
        }
        s.device = o.get("device", s.device);
        s.threads = o.getInt("threads", 0);
        return s;
    }
}
