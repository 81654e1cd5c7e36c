package org.samtune.fiji.interactive;

import java.util.Locale;

/** Where Enter puts a committed object. */
public enum CommitTarget {
    ROI_MANAGER("roi", "ROI Manager"),
    LABEL_IMAGE("labels", "label image"),
    BOTH("both", "ROI Manager and label image");

    /** The macro keyword. */
    public final String key;
    /** The dialog choice. */
    public final String label;

    CommitTarget(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public boolean toRoiManager() {
        return this != LABEL_IMAGE;
    }

    public boolean toLabelImage() {
        return this != ROI_MANAGER;
    }

    public static String[] labels() {
        CommitTarget[] all = values();
        String[] out = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].label;
        }
        return out;
    }

    /** A macro keyword or a dialog label. */
    public static CommitTarget parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (CommitTarget c : values()) {
            if (c.key.equals(t) || c.label.toLowerCase(Locale.ROOT).equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("commit=" + s + ": use roi, labels or both");
    }
}
