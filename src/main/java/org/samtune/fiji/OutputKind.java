package org.samtune.fiji;

import java.util.Locale;

/** What a segmentation produces in Fiji. */
public enum OutputKind {
    /** 8-bit 0/255 image: the union of the objects' masks. */
    MASK("mask", "binary mask"),
    /** Object i (1-based) where its mask is on; later objects win overlaps. */
    LABELS("labels", "label image"),
    /** One selection per object, added to the ROI Manager (or the image overlay without a display). */
    ROI("roi", "ROI Manager");

    /** The macro keyword. */
    public final String key;
    /** The dialog / SciJava choice. */
    public final String label;

    OutputKind(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** Accepts the keyword or the label, case-insensitively. */
    public static OutputKind parse(String s) {
        String t = s == null ? "" : s.trim();
        for (OutputKind k : values()) {
            if (k.key.equalsIgnoreCase(t) || k.label.equalsIgnoreCase(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown output '" + s + "': use mask, labels or roi");
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
