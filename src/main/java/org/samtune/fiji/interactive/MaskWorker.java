package org.samtune.fiji.interactive;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that runs the engine for an interactive session, so the UI thread never waits for
 * the encoder or decoder. Tasks run in submission order. Mask updates coalesce: while an update is
 * queued and not yet started, further requests are dropped, and the queued one reads the latest
 * prompts when it starts, so a burst of clicks costs at most one decoder run beyond the one in
 * progress.
 */
public final class MaskWorker implements AutoCloseable {
    private final ExecutorService executor;
    private final AtomicBoolean updateQueued = new AtomicBoolean();

    public MaskWorker(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code update} unless an update is already waiting to start. */
    public void requestUpdate(Runnable update) {
        if (updateQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                updateQueued.set(false);
                update.run();
            });
        }
    }

    /** Queues a task (model loading, a commit) after everything queued before it. */
    public void submit(Runnable task) {
        executor.execute(task);
    }

    /** Waits until everything queued so far has run (tests, shutdown). */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        executor.execute(done::countDown);
        return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
