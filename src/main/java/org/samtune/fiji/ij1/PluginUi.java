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
     * The macro options of this run or, from the menu, the dialog's answers as options; null when the dialog
     * was cancelled, or when there is neither (then the failure says how to call {@code command}: {@code example}
     * is its macro options, {@code menu} its dialog's place in Fiji's menu).
     */
    static String optionsOrDialog(String command, Supplier<String> dialog, String example, String menu) {
        String options = ij.Macro.getOptions();
        if (options == null && SegmentPlugin.canShowDialog()) {
            return dialog.get();
        }
        if (options == null) {
            fail(command, "give macro options, e.g. run(\"" + command + "\", \"" + example + "\"); in Fiji the dialog is "
                    + "Plugins > Segmentation > SAM Tune > " + menu);
        }
        return options;
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
