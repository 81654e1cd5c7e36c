package org.samtune.fiji.ij1;

import ij.plugin.frame.Recorder;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers of a plugin's dialog as its macro option string, so a dialog run goes through the
 * same option parser as a macro run, and is recorded with the same keywords (paths with
 * {@code recordPath}, flags without value). Blank values are left out (the parser's defaults apply).
 */
final class DialogOptions {
    private final List<String[]> entries = new ArrayList<>();

    DialogOptions put(String key, String value) {
        if (value != null && !value.isBlank()) {
            entries.add(new String[] {key, value.trim(), "value"});
        }
        return this;
    }

    DialogOptions path(String key, String value) {
        if (value != null && !value.isBlank()) {
            entries.add(new String[] {key, value.trim(), "path"});
        }
        return this;
    }

    DialogOptions flag(String key, boolean on) {
        if (on) {
            entries.add(new String[] {key, null, "flag"});
        }
        return this;
    }

    /** The option string for the plugin's parser. */
    String options() {
        StringBuilder sb = new StringBuilder();
        for (String[] e : entries) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e[1] == null ? e[0] : MacroOptions.format(e[0], e[1]));
        }
        return sb.toString();
    }

    /** Writes the options to the macro recorder, when it records. */
    void record() {
        if (!Recorder.record) {
            return;
        }
        for (String[] e : entries) {
            if (e[1] == null) {
                Recorder.recordOption(e[0]);
            } else if (e[2].equals("path")) {
                Recorder.recordPath(e[0], e[1]);
            } else {
                Recorder.recordOption(e[0], e[1]);
            }
        }
    }
}
