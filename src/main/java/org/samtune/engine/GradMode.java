package org.samtune.engine;

import ai.djl.pytorch.jni.JniUtils;

import java.util.function.Supplier;

/**
 * torch.no_grad() for DJL. PyTorch's grad mode is per thread: DJL switches it off on the thread that
 * starts the engine and a GradientCollector switches it on, so code running on another thread (a
 * Fiji worker, a test runner's thread) may find it on. Frozen-encoder and validation passes therefore
 * switch it off explicitly, so that they record no autograd graph.
 */
public final class GradMode {
    private GradMode() {}

    public static <T> T noGrad(Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
