package org.samtune.fiji;

import org.samtune.predict.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompts as text, the form macros, scripts and SciJava string parameters use:
 * boxes {@code "x0,y0,x1,y1"} (several separated by ';', one object each) and points
 * {@code "x,y,label;x,y,label"} (label 1 positive, 0 negative; without a label a point is positive).
 * Coordinates are pixel indices (column x, row y), as on the command line. Points join the single
 * box when there is one, else all points are one object.
 */
public final class PromptText {
    private PromptText() {}

    public static List<Prompt> parse(String boxes, String points) {
        List<String> b = split(boxes);
        List<String> p = split(points);
        if (b.size() > 1 && !p.isEmpty()) {
            throw new IllegalArgumentException("Points can be combined with one box only; with several boxes each box is one object");
        }
        List<Prompt> objects = new ArrayList<>();
        for (String s : b) {
            float[] v = numbers("box", s, 4, 4);
            objects.add(new Prompt().box(v[0], v[1], v[2], v[3]));
        }
        if (!p.isEmpty()) {
            Prompt target = objects.isEmpty() ? new Prompt() : objects.get(0);
            for (String s : p) {
                float[] v = numbers("point", s, 2, 3);
                int label = v.length == 3 ? Math.round(v[2]) : 1;
                if (v.length == 3 && (v[2] != label || (label != 0 && label != 1))) {
                    throw new IllegalArgumentException("point " + s + ": the label must be 1 (positive) or 0 (negative)");
                }
                target.addPoint(v[0], v[1], label);
            }
            if (objects.isEmpty()) {
                objects.add(target);
            }
        }
        return objects;
    }

    /**
     * {boxes, points} as text that {@link #parse} turns back into the same objects ("" where there are
     * none), or null when that is impossible (several objects with points, mask inputs).
     */
    public static String[] format(List<Prompt> objects) {
        StringBuilder boxes = new StringBuilder();
        StringBuilder points = new StringBuilder();
        for (Prompt o : objects) {
            if (o.hasMaskInput() || (o.hasPoints() && objects.size() > 1)) {
                return null; // parse() could not give these objects back
            }
            for (Prompt.Point pt : o.points()) {
                append(points, num(pt.x) + "," + num(pt.y) + "," + pt.label);
            }
            if (o.hasBox()) {
                float[] v = o.box();
                append(boxes, num(v[0]) + "," + num(v[1]) + "," + num(v[2]) + "," + num(v[3]));
            }
        }
        return new String[] {boxes.toString(), points.toString()};
    }

    private static void append(StringBuilder sb, String item) {
        if (sb.length() > 0) {
            sb.append(';');
        }
        sb.append(item);
    }

    static String num(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String part : s.split(";")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    static float[] numbers(String what, String value, int min, int max) {
        String[] parts = value.split(",");
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(what + " '" + value + "': expected " + (min == max ? min : min + " or " + max)
                    + " comma-separated numbers");
        }
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s '%s': '%s' is not a number", what, value, parts[i]));
            }
            if (!Float.isFinite(out[i])) {
                throw new IllegalArgumentException(what + " '" + value + "': values must be finite");
            }
        }
        return out;
    }
}
