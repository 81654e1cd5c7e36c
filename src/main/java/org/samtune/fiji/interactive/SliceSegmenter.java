package org.samtune.fiji.interactive;

import org.samtune.predict.Prompt;

/** What the interactive tool asks the engine: the mask of one object on one plane of the image. */
public interface SliceSegmenter {
    /**
     * The object's best mask for {@code prompt} on stack plane {@code slice} (1-based), row-major,
     * width * height of the image. The plane's embedding is computed on first use and then cached,
     * so repeated prompts on one plane only run the decoder.
     */
    boolean[] segment(int slice, Prompt prompt);
}
