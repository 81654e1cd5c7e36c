package org.samtune.fiji.ij1;

import ij.Prefs;
import ij.gui.GenericDialog;

/**
 * The model fields every SAM Tune dialog that segments shares (Segment, Interactive Segment):
 * checkpoint, architecture, architecture file, preprocessing, device and threads, remembered in
 * ImageJ's preferences so both dialogs offer the model chosen last.
 */
final class ModelFields {
    private static final String PREFS = "samtune.segment.";
    /** The intensity field's label: a mapping spec for any bit depth and volumes, empty = the model's recorded one. */
    static final String INTENSITY_LABEL = "Intensity mapping (empty = the model's)";

    private ModelFields() {}

    static void add(GenericDialog gd) {
        gd.addFileField("Checkpoint", Prefs.get(PREFS + "checkpoint", ""), 40);
        gd.addChoice("Architecture", new String[] {"auto", "vit_b", "vit_l", "vit_h", "vit_t"}, Prefs.get(PREFS + "arch", "auto"));
        gd.addFileField("Architecture file (optional)", Prefs.get(PREFS + "config", ""), 40);
        gd.addChoice("Preprocessing", new String[] {"auto", "sam", "finetune-sam"}, Prefs.get(PREFS + "preprocess", "auto"));
        gd.addChoice("Device", new String[] {"auto", "cpu", "gpu"}, Prefs.get(PREFS + "device", "auto"));
        gd.addNumericField("CPU threads (0 = all cores)", Prefs.get(PREFS + "threads", 0), 0);
    }

    /** Reads the fields {@link #add} made, in that order, into {@code r}, and remembers them. */
    static void read(GenericDialog gd, SegmentRequest r) {
        r.checkpoint = gd.getNextString().trim();
        r.arch = gd.getNextChoice();
        r.config = gd.getNextString().trim();
        r.preprocess = gd.getNextChoice();
        r.device = gd.getNextChoice();
        r.threads = Math.max(0, (int) gd.getNextNumber());
        Prefs.set(PREFS + "checkpoint", r.checkpoint);
        Prefs.set(PREFS + "arch", r.arch);
        Prefs.set(PREFS + "config", r.config);
        Prefs.set(PREFS + "preprocess", r.preprocess);
        Prefs.set(PREFS + "device", r.device);
        Prefs.set(PREFS + "threads", r.threads);
    }

    /** A remembered non-model choice of a segmenting dialog. */
    static String get(String key, String fallback) {
        return Prefs.get(PREFS + key, fallback);
    }

    static boolean get(String key, boolean fallback) {
        return Prefs.get(PREFS + key, fallback);
    }

    static void set(String key, String value) {
        Prefs.set(PREFS + key, value);
    }

    static void set(String key, boolean value) {
        Prefs.set(PREFS + key, value);
    }
}
