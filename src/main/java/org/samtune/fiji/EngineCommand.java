package org.samtune.fiji;

import org.samtune.engine.DjlRuntime;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import java.io.File;
import java.nio.file.Path;

/**
 * What every SAM Tune SciJava command has: the services it reports through and where PyTorch runs (device,
 * threads). SciJava collects {@code @Parameter} fields from superclasses too, so a command declares only its own.
 */
public abstract class EngineCommand implements Command {
    @Parameter
    protected LogService log;

    @Parameter(required = false)
    protected StatusService status;

    @Parameter(required = false)
    protected UIService ui;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    protected String device = "auto";

    @Parameter(label = "CPU threads (0 = all cores)", min = "0", persist = false)
    protected int threads;

    /** The device parameter as the engine's choice ("auto" or blank = auto). */
    protected DjlRuntime.DeviceChoice deviceChoice() {
        return ModelSpec.isAuto(device) ? DjlRuntime.DeviceChoice.AUTO : DjlRuntime.DeviceChoice.parse(device);
    }

    /** A status-bar message (nowhere without a status service). */
    protected void showStatus(String message) {
        if (status != null) {
            status.showStatus(message);
        }
    }

    protected void clearStatus() {
        if (status != null) {
            status.clearStatus();
        }
    }

    /**
     * Reports a failure (the log; a dialog where there is a display), clears the status bar and returns the
     * summary line a script gets: "error: " and the reason.
     */
    protected String failed(String title, Throwable e) {
        CommandErrors.report(title, e, ui, log);
        clearStatus();
        return "error: " + CommandErrors.message(e);
    }

    /** A file parameter as a path; null when not given. */
    protected static Path path(File f) {
        return f == null || f.getPath().isBlank() ? null : f.toPath();
    }
}
