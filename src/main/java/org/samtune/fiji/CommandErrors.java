package org.samtune.fiji;

import org.scijava.log.LogService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * How the SciJava commands report a failure: the engine's message (which names the bad input) in a
 * dialog where a UI is shown, else in the log; never a stack trace the user has to read.
 */
final class CommandErrors {
    private CommandErrors() {}

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    static void report(String title, Throwable e, UIService ui, LogService log) {
        String m = message(e);
        if (log != null) {
            log.error(title + ": " + m);
            log.debug(e); // the trace only at debug level, for bug reports
        }
        if (ui != null && !ui.isHeadless() && Displays.available()) {
            try {
                ui.showDialog(m, title, DialogPrompt.MessageType.ERROR_MESSAGE);
            } catch (RuntimeException | java.awt.AWTError ignored) {
                // already logged
            }
        }
    }
}
