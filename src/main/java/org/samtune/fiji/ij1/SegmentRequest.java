package org.samtune.fiji.ij1;

import org.samtune.engine.SegmentJob;
import org.samtune.fiji.ModelSpec;
import org.samtune.fiji.OutputKind;
import org.samtune.fiji.SegmentSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "SAM Tune Segment" options, in the macro language's words:
 * <pre>
 * checkpoint=[path] arch=auto|vit_b|vit_l|vit_h config=[path.json] preprocess=auto|sam|finetune-sam
 * multimask output=mask|labels|roi slices=current|all|propagate (or the flag propagate: 3-D from the current slice)
 * intensity=SPEC (IntensityMapping: auto, minmax, ct:lung, ...; empty = recorded with the model)
 * box=x0,y0,x1,y1  boxes=[x0,y0,x1,y1;...]  point=x,y,label  points=[x,y,label;...]
 * device=auto|cpu|gpu threads=N save=[path]  (call() only: image=[path])
 * </pre>
 * Without box/point options the image's selection or the ROI Manager gives the prompts.
 */
public final class SegmentRequest {
    public String checkpoint = "";
    public String arch = ModelSpec.AUTO;
    public String config = "";
    public String preprocess = ModelSpec.AUTO;
    public boolean multimask;
    public OutputKind output = OutputKind.MASK;
    public boolean allSlices;
    /** Stacks: segment the current slice and carry each object through the stack (3-D). */
    public boolean propagate;
    public String intensity = "";
    public String boxes = "";
    public String points = "";
    public String device = ModelSpec.AUTO;
    public int threads;
    public String save = "";
    public String image = "";

    public static SegmentRequest parse(String options) {
        return parse(new MacroOptions(options), List.of());
    }

    /**
     * The request in {@code o}; {@code moreKeys} are the calling command's own keys, which are
     * accepted here and read by that command.
     */
    public static SegmentRequest parse(MacroOptions o, List<String> moreKeys) {
        SegmentRequest r = new SegmentRequest();
        r.checkpoint = o.get("checkpoint", "");
        r.arch = o.get("arch", ModelSpec.AUTO);
        r.config = o.get("config", "");
        r.preprocess = o.get("preprocess", ModelSpec.AUTO);
        r.multimask = o.has("multimask");
        r.output = OutputKind.parse(o.get("output", "mask"));
        String slices = o.get("slices", "current").toLowerCase(Locale.ROOT);
        if (!slices.equals("current") && !slices.equals("all") && !slices.equals("propagate")) {
            throw new IllegalArgumentException("slices=" + slices + ": use current, all or propagate");
        }
        r.allSlices = slices.equals("all");
        r.propagate = slices.equals("propagate") || o.has("propagate");
        r.intensity = o.get("intensity", "");
        r.boxes = join(o.get("box", ""), o.get("boxes", ""));
        r.points = join(o.get("point", ""), o.get("points", ""));
        r.device = o.get("device", ModelSpec.AUTO);
        r.threads = o.getInt("threads", 0);
        r.save = o.get("save", "");
        r.image = o.get("image", "");
        for (String key : o.asMap().keySet()) {
            if (!KEYS.contains(key) && !moreKeys.contains(key)) {
                List<String> known = new ArrayList<>(KEYS);
                known.addAll(moreKeys);
                throw new IllegalArgumentException("Unknown option '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
        return r;
    }

    static final List<String> KEYS = List.of("checkpoint", "arch", "config", "preprocess", "multimask", "output", "slices", "propagate",
            "intensity", "box", "boxes", "point", "points", "device", "threads", "save", "image");

    private static String join(String a, String b) {
        return a.isBlank() ? b : b.isBlank() ? a : a + ";" + b;
    }

    /** The engine-side settings (validates the model choices and the checkpoint's existence). */
    public SegmentSettings toSettings() {
        SegmentSettings s = new SegmentSettings();
        s.model = ModelSpec.of(Path.of(checkpoint), arch, config.isBlank() ? null : Path.of(config), preprocess, device, threads);
        s.multimask = multimask;
        s.output = output;
        s.allSlices = allSlices;
        s.propagate = propagate;
        s.intensity = org.samtune.io.IntensityMapping.parseOrNull(intensity);
        return s;
    }

    /** The options as the recorder writes them; defaults are left out. */
    public List<String[]> recordable() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"checkpoint", checkpoint});
        if (!ModelSpec.AUTO.equals(arch)) {
            out.add(new String[] {"arch", arch});
        }
        if (!config.isBlank()) {
            out.add(new String[] {"config", config});
        }
        if (!ModelSpec.AUTO.equals(preprocess)) {
            out.add(new String[] {"preprocess", preprocess});
        }
        if (multimask) {
            out.add(new String[] {"multimask", null});
        }
        out.add(new String[] {"output", output.key});
        if (allSlices) {
            out.add(new String[] {"slices", "all"});
        }
        if (propagate) {
            out.add(new String[] {"propagate", null});
        }
        if (!intensity.isBlank()) {
            out.add(new String[] {"intensity", intensity});
        }
        if (!boxes.isBlank()) {
            out.add(new String[] {boxes.contains(";") ? "boxes" : "box", boxes});
        }
        if (!points.isBlank()) {
            out.add(new String[] {"points", points});
        }
        if (!ModelSpec.AUTO.equals(device)) {
            out.add(new String[] {"device", device});
        }
        if (threads != 0) {
            out.add(new String[] {"threads", Integer.toString(threads)});
        }
        if (!save.isBlank()) {
            out.add(new String[] {"save", save});
        }
        return out;
    }

    /** The option string {@link #parse} reads back into this request. */
    public String toOptions() {
        StringBuilder sb = new StringBuilder();
        for (String[] kv : recordable()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(kv[1] == null ? kv[0] : MacroOptions.format(kv[0], kv[1]));
        }
        return sb.toString();
    }
}
