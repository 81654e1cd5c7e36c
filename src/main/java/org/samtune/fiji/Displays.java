package org.samtune.fiji;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

/**
 * Whether windows can be opened. java.awt.headless=false with no X server is common on clusters and
 * in ImageJ's -batch mode: menus work there, but any window (dialog, plot, table) fails, so the
 * front-ends only open windows when this says yes.
 */
public final class Displays {
    private Displays() {}

    public static boolean available() {
        if (GraphicsEnvironment.isHeadless()) {
            return false;
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        return !linux || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}
