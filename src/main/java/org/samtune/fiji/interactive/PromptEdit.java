package org.samtune.fiji.interactive;

import org.samtune.predict.Prompt;

import java.util.List;
import java.util.Locale;

/**
 * One prompt the user gave for the object being segmented: a point (positive or negative) or a box,
 * in image pixel indices. The object's SAM prompt is all its points plus its latest box, so undoing
 * the latest edit restores the earlier box.
 */
public record PromptEdit(Kind kind, float x0, float y0, float x1, float y1, boolean positive) {
    public enum Kind { POINT, BOX }

    public static PromptEdit point(float x, float y, boolean positive) {
        return new PromptEdit(Kind.POINT, x, y, x, y, positive);
    }

    /** A box from any two opposite corners (stored with x0 <= x1, y0 <= y1). */
    public static PromptEdit box(float xa, float ya, float xb, float yb) {
        return new PromptEdit(Kind.BOX, Math.min(xa, xb), Math.min(ya, yb), Math.max(xa, xb), Math.max(ya, yb), true);
    }

    public boolean isBox() {
        return kind == Kind.BOX;
    }

    /** The SAM prompt of a list of edits (points in order, the last box); null when there is none. */
    public static Prompt toPrompt(List<PromptEdit> edits) {
        if (edits.isEmpty()) {
            return null;
        }
        Prompt p = new Prompt();
        PromptEdit box = null;
        for (PromptEdit e : edits) {
            if (e.isBox()) {
                box = e;
            } else {
                p.addPoint(e.x0, e.y0, e.positive ? 1 : 0);
            }
        }
        if (box != null) {
            p.box(box.x0, box.y0, box.x1, box.y1);
        }
        return p;
    }

    @Override
    public String toString() {
        return isBox() ? String.format(Locale.ROOT, "box %.0f,%.0f,%.0f,%.0f", x0, y0, x1, y1)
                : String.format(Locale.ROOT, "%s point %.0f,%.0f", positive ? "positive" : "negative", x0, y0);
    }
}
