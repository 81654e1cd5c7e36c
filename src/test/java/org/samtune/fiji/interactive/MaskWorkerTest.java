package org.samtune.fiji.interactive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Rapid clicks while the engine is busy coalesce into one more engine run, on the latest prompts. */
class MaskWorkerTest {
    @Test
    void burstsOfUpdatesCoalesceAndTasksKeepTheirOrder() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> engineCalls = Collections.synchronizedList(new ArrayList<>());
        InteractiveSegmentation state = new InteractiveSegmentation((slice, prompt) -> {
            engineCalls.add(prompt.points().size() + " points");
            if (engineCalls.size() == 1) {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new boolean[] {true};
        }, 1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (MaskWorker worker = new MaskWorker("test worker")) {
            Runnable update = () -> state.update(state.snapshot());
            state.addPoint(1, 1, true);
            worker.requestUpdate(update);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) { // five clicks while the first decoder run is busy
                state.addPoint(i, i, true);
                worker.requestUpdate(update);
            }
            InteractiveSegmentation.Snapshot forCommit = state.takeForCommit();
            worker.submit(() -> order.add("commit " + state.commit(forCommit).label()));
            release.countDown();
            assertTrue(worker.drain(10_000));
        }
        assertEquals(List.of("1 points", "6 points"), engineCalls, "one run for the burst, with all six points");
        assertEquals(List.of("commit 1"), order);
        assertEquals(6, state.committed().get(0).prompt().points().size());
    }
}
