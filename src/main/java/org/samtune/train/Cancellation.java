package org.samtune.train;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cancel request for a running fine-tuning, checked between iterations (from any thread: a UI
 * button, a shutdown hook). The run stops before its next step and keeps the files of its last
 * completed epoch (checkpoint_last.pth, training_state.pth), from which it can be resumed.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
