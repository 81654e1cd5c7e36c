package org.samtune.fiji.interactive;

import org.samtune.predict.Prompt;

/**
 * An object the user accepted (Enter): its label id (1, 2, ... in commit order, unique over all
 * slices), the stack plane it lies on (1-based), its mask (row-major) and the prompt that made it.
 */
public record CommittedObject(int label, int slice, boolean[] mask, Prompt prompt) {
    public int area() {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
