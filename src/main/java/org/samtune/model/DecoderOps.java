package org.samtune.model;

import ai.djl.ndarray.NDArray;

/** Small helpers shared by the prompt encoder and mask decoder blocks. */
final class DecoderOps {
    private DecoderOps() {}

    /**
     * Moves a temporary that was derived from a parameter (so DJL put it in the model's long-lived
     * manager, e.g. {@code weight.reshape(...)}) into the manager of the tensor being processed, so it
     * is freed with the call's other temporaries instead of accumulating in the model.
     */
    static NDArray ownedLike(NDArray temporary, NDArray like) {
        if (temporary.getManager() != like.getManager()) {
            temporary.attach(like.getManager());
        }
        return temporary;
    }
}
