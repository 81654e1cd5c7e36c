package org.samtune.predict;

import java.util.Locale;

/**
 * How an image becomes the square model input. SAM's predictor keeps the aspect ratio
 * (ResizeLongestSide, pixel mean/std, zero padding); finetune-SAM trains and predicts on images
 * stretched to the square (PIL bilinear, ImageNet normalisation, no padding). A model must be used
 * the way it was trained.
 */
public enum InputPreprocessing {
    SAM("sam"),
    FINETUNE_SAM("finetune-sam");

    private final String label;

    InputPreprocessing(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static InputPreprocessing parse(String s) {
        for (InputPreprocessing p : values()) {
            if (p.label.equalsIgnoreCase(s.trim()) || p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown preprocessing '" + s + "': use sam or finetune-sam");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
