package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * SAM's positional encoding with random spatial frequencies (random Fourier features): a point
 * (x, y) in [0, 1]² becomes [sin(2π·p·G), cos(2π·p·G)] with p = 2·(x, y) − 1 and G a fixed Gaussian
 * (2, F) matrix. Points and the image grid share it, which is what lets the decoder relate a click to
 * an image location. The matrix is a buffer (saved in checkpoints, never trained).
 */
public final class PositionEmbeddingRandom extends SamBlock {
    private static final float TWO_PI = (float) (2 * Math.PI);
    private final Parameter gaussian;
    private final int numPosFeats;

    public PositionEmbeddingRandom(int numPosFeats) {
        this.numPosFeats = numPosFeats;
        this.gaussian = buffer("positional_encoding_gaussian_matrix", 2, numPosFeats);
    }

    /** Output width (2F: sines then cosines). */
    public int dim() {
        return 2 * numPosFeats;
    }

    /** coords: (..., 2) as (x, y) normalised to [0, 1] -> (..., 2F). */
    public NDArray encodeNormalized(NDArray coords) {
        NDArray proj = SamOps.mul(SamOps.mul(coords, 2f).sub(1f).matMul(v(gaussian)), TWO_PI);
        return NDArrays.concat(new NDList(proj.sin(), proj.cos()), -1);
    }

    /**
     * Points given in pixels of the (padded) model input. coords: (B, N, 2) as (x, y); inputSize is
     * (H, W). Returns (B, N, 2F).
     */
    public NDArray encodeCoords(NDArray coords, int[] inputSize) {
        NDArray size = SamOps.constant(coords.getManager(), new float[] {inputSize[1], inputSize[0]}, new Shape(2));
        return encodeNormalized(coords.toType(DataType.FLOAT32, false).div(size));
    }

    /**
     * The encoding of every cell centre of an (h, w) grid, ((i + 0.5) / h, (j + 0.5) / w), as
     * (2F, h, w). Built in {@code manager}.
     */
    public NDArray grid(NDManager manager, int h, int w) {
        float[] xy = new float[h * w * 2];
        for (int i = 0; i < h; i++) {
            float y = (i + 0.5f) / h;
            for (int j = 0; j < w; j++) {
                int o = (i * w + j) * 2;
                xy[o] = (j + 0.5f) / w;
                xy[o + 1] = y;
            }
        }
        NDArray coords = SamOps.constant(manager, xy, new Shape(h, w, 2));
        return encodeNormalized(coords).transpose(2, 0, 1);
    }
}
