package org.samtune.fiji.ij1;

import org.samtune.engine.DjlRuntime;
import org.samtune.engine.FineTuneJob;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The macro options of "SAM Tune Fine-tune" as the engine's request. Keywords (defaults as on the
 * command line): {@code train=[..] val=[..] val_fraction=0 image_root=[..] mask_root=[..]
 * checkpoint=[..] | scratch, arch=vit_b config=[arch.json] method=lora components=encoder+decoder
 * intensity=auto resume out=[..] device=auto threads=0} and the training keywords of {@link TrainingMacroOptions}.
 */
final class FineTuneOptions {
    private FineTuneOptions() {}

    static FineTuneJob.Request parse(String options) {
        MacroOptions o = new MacroOptions(options);
        FineTuneJob.Request r = new FineTuneJob.Request();
        r.train = path(o, "train");
        r.val = path(o, "val");
        r.valFraction = number(o, "val_fraction", r.valFraction);
        r.imageRoot = path(o, "image_root");
        r.maskRoot = path(o, "mask_root");
        r.checkpoint = path(o, "checkpoint");
        r.fromScratch = o.has("scratch") || o.has("from_scratch");
        String arch = o.get("arch", "auto").trim();
        r.arch = arch.isEmpty() || arch.equalsIgnoreCase("auto") ? null : arch.toLowerCase(Locale.ROOT);
        r.config = path(o, "config");
        r.method = o.get("method", r.method);
        r.components = o.get("components", r.components);
        r.training = TrainingMacroOptions.parse(o);
        r.intensity = o.get("intensity", r.intensity).trim();
        r.resume = o.has("resume");
        r.out = path(o, "out");
        if (r.train == null && !r.resume) {
            throw new IllegalArgumentException("give the training data: train=[list.csv or folder]");
        }
        if (r.out == null) {
            throw new IllegalArgumentException("give an output folder: out=[folder]");
        }
        r.device = device(o);
        r.threads = o.getInt("threads", 0);
        return r;
    }

    /** {@code device=auto|cpu|gpu} (default auto). */
    static DjlRuntime.DeviceChoice device(MacroOptions o) {
        String device = o.get("device", "auto").trim();
        return device.isEmpty() ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device);
    }

    static Path path(MacroOptions o, String key) {
        String v = o.get(key, "").trim();
        return v.isEmpty() ? null : Path.of(v);
    }

    static double number(MacroOptions o, String key, double fallback) {
        String v = o.get(key, "").trim();
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + key + "=" + v + " is not a number");
        }
    }
}
