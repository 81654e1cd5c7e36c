package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The mask decoder's small MLP (hypernetworks and IoU head): numLayers linear layers "layers.i" with
 * ReLU between them, optionally a sigmoid at the end.
 */
public final class MLP extends SamBlock {
    private final ViTLinear[] layers;
    private final boolean sigmoidOutput;

    public MLP(int inputDim, int hiddenDim, int outputDim, int numLayers, boolean sigmoidOutput) {
        if (numLayers < 1) {
            throw new IllegalArgumentException("An MLP needs at least one layer");
        }
        this.layers = new ViTLinear[numLayers];
        for (int i = 0; i < numLayers; i++) {
            int in = i == 0 ? inputDim : hiddenDim;
            int out = i == numLayers - 1 ? outputDim : hiddenDim;
            layers[i] = child("layers." + i, new ViTLinear(in, out, true));
        }
        this.sigmoidOutput = sigmoidOutput;
    }

    /** x: (..., inputDim) -> (..., outputDim). */
    public NDArray forward(NDArray x) {
        for (int i = 0; i < layers.length; i++) {
            x = layers[i].forward(x);
            if (i < layers.length - 1) {
                x = SamOps.relu(x);
            }
        }
        return sigmoidOutput ? Activation.sigmoid(x) : x;
    }
}
