package org.samtune.cli;

import org.samtune.predict.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the command line's {@code --point X,Y[,LABEL]} and {@code --box X0,Y0,X1,Y1} options into
 * prompts: one object per box (points may accompany a single box), or one object made of all
 * points when there is no box.
 */
final class PromptArgs {
    private PromptArgs() {}

    static float[] numbers(String option, String value, int min, int max) {
        String[] parts = value.split(",");
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(option + " " + value + ": expected " + (min == max ? min : min + " or " + max)
                    + " comma-separated numbers");
        }
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + value + ": '" + parts[i] + "' is not a number");
            }
            if (!Float.isFinite(out[i])) {
                throw new IllegalArgumentException(option + " " + value + ": values must be finite");
            }
        }
        return out;
    }

    static List<Prompt> build(List<String> points, List<String> boxes) {
        List<Prompt> objects = new ArrayList<>();
        if (boxes.size() > 1 && !points.isEmpty()) {
            throw new IllegalArgumentException("Points can be combined with one box only; with several boxes each box is one object "
                    + "(run once per object to add points)");
        }
        for (String b : boxes) {
            float[] v = numbers("--box", b, 4, 4);
            objects.add(new Prompt().box(v[0], v[1], v[2], v[3]));
        }
        if (!points.isEmpty()) {
            Prompt p = objects.isEmpty() ? new Prompt() : objects.get(0);
            for (String s : points) {
                float[] v = numbers("--point", s, 2, 3);
                int label = v.length == 3 ? Math.round(v[2]) : 1;
                if (v.length == 3 && v[2] != label) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "--point %s: label must be 0 or 1", s));
                }
                p.addPoint(v[0], v[1], label);
            }
            if (objects.isEmpty()) {
                objects.add(p);
            }
        }
        return objects;
    }
}
