package org.samtune.cli;

import org.samtune.predict.Prompt;
import org.samtune.predict.PromptText;

import java.util.List;

/**
 * The command line's {@code --point X,Y[,LABEL]} and {@code --box X0,Y0,X1,Y1} options as prompts:
 * one object per box (points may accompany a single box), or one object made of all points.
 */
final class PromptArgs {
    private PromptArgs() {}

    static List<Prompt> build(List<String> points, List<String> boxes) {
        return PromptText.parse(boxes, points);
    }
}
