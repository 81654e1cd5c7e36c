package org.samtune.model;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * The encoder neck: 1×1 conv to out_chans, LayerNorm2d, 3×3 conv, LayerNorm2d (both convs bias-free).
 * State-dict children are numbered like the reference's nn.Sequential: {@code 0} … {@code 3}.
 */
public final class EncoderNeck extends SamBlock {
    private final ViTConv2d conv1;
    private final ViTLayerNorm2d norm1;
    private final ViTConv2d conv2;
    private final ViTLayerNorm2d norm2;

    public EncoderNeck(int embedDim, int outChans, double layerNorm2dEps) {
        this.conv1 = child("0", new ViTConv2d(embedDim, outChans, 1, 1, 0, false));
        this.norm1 = child("1", new ViTLayerNorm2d(outChans, layerNorm2dEps));
        this.conv2 = child("2", new ViTConv2d(outChans, outChans, 3, 1, 1, false));
        this.norm2 = child("3", new ViTLayerNorm2d(outChans, layerNorm2dEps));
    }

    /** x: (B, C, H, W) -> (B, outChans, H, W). */
    public NDArray forward(NDArray x) {
        return forward(x, null);
    }

    /** As {@link #forward(NDArray)}, also storing each stage's output as neck0_out … neck3_out when sink is given. */
    NDArray forward(NDArray x, Map<String, NDArray> sink) {
        NDArray y = conv1.forward(x);
        put(sink, "neck0_out", y);
        y = norm1.forward(y);
        put(sink, "neck1_out", y);
        y = conv2.forward(y);
        put(sink, "neck2_out", y);
        y = norm2.forward(y);
        put(sink, "neck3_out", y);
        return y;
    }

    private static void put(Map<String, NDArray> sink, String name, NDArray a) {
        if (sink != null) {
            sink.put(name, a);
        }
    }
}
