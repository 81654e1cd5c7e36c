package org.samtune;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.samtune.engine.DjlRuntime;

/**
 * Starts the PyTorch engine the way every front-end does ({@link DjlRuntime#init}) before any test
 * class runs, so that no test meets an engine that DJL started on its own with other settings (memory
 * allocator, OpenMP wait, float32 on GPUs). Registered for every test class through JUnit's extension
 * auto-detection (src/test/resources/junit-platform.properties and META-INF/services); test classes do
 * not start the engine themselves.
 */
public final class EngineStartExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        // one intra-op thread unless the build says otherwise (surefire's -Dai.djl.pytorch.num_threads)
        DjlRuntime.init(Integer.getInteger("ai.djl.pytorch.num_threads", 1));
    }
}
