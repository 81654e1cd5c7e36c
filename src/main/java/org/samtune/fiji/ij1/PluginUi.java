package org.samtune.fiji.ij1;

import ij.IJ;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

import java.util.function.Supplier;

/** What every ImageJ 1.x entry does the same way: report a failure, run a dialog without recording it. */
final class PluginUi {
    private PluginUi() {}

    /**
     * Logs the reason; shows it in a dialog when a person ran the command from the menu; aborts a running
     * macro, which must not go on without the result it asked for.
     */
    static void fail(String command, String message) {
        IJ.log(command + ": " + message);
        if (SegmentPlugin.canShowDialog() && !IJ.isMacro()) {
            IJ.error(command, message);
        } else if (IJ.isMacro()) {
            Interpreter.abort();
        }
    }

    /**
     * Shows {@code gd} with the macro recorder off: the entries record their
     * options themselves, with their macro keywords, not the dialog's labels.
     */
    static void showUnrecorded(ij.gui.GenericDialog gd) {
        unrecorded(() -> {
            gd.showDialog();
            return null;
        });
    }

    /** As {@link #showUnrecorded}, for a dialog whose answers are read inside {@code dialog}. */
    static <T> T unrecorded(Supplier<T> dialog) {
        boolean recording = Recorder.record;
        Recorder.record = false;
        try {
            return dialog.get();
        } finally {
            Recorder.record = recording;
        }
    }
}
