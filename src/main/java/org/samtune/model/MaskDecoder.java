package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * SAM's mask decoder. Learned output tokens (one IoU token, numMultimaskOutputs + 1 mask tokens) are
 * prepended to the prompt tokens and run through the two-way transformer with the image embedding
 * (plus the dense prompt). The image side is then upscaled 4x (two 2x transposed convolutions), and
 * each mask token, mapped through its own hypernetwork MLP, becomes a per-pixel linear classifier of
 * the upscaled features: mask logits = dot(token weights, pixel features). The IoU token predicts
 * each mask's quality.
 *
 * <p>Mask token 0 is the single-mask output; tokens 1.. are the multimask (ambiguity) outputs.
 * finetune-SAM's multi-class mode uses tokens 1.. as one class each ({@link #predictAllTokens}
 * returns every token).
 */
public final class MaskDecoder extends SamBlock {
    private final int dim;
    private final int numMaskTokens;
    private final TwoWayTransformer transformer;
    private final LearnedEmbedding iouToken;
    private final LearnedEmbedding maskTokens;
    private final ConvTranspose2dKeqS upscale1;
    private final ViTLayerNorm upscaleNorm; // LayerNorm2d, applied to channels-last data
    private final ConvTranspose2dKeqS upscale2;
    private final MLP[] hypernetworks;
    private final MLP iouHead;
    private final ChannelsLastCache channelsLastCache = new ChannelsLastCache();

    public MaskDecoder(SamConfig cfg) {
        this(cfg, ProjectionFactory.PLAIN);
    }

    /** @param projections builds the attention projections (LoRA and similar wrap some of them) */
    public MaskDecoder(SamConfig cfg, ProjectionFactory projections) {
        this(cfg, projections, 0, null);
    }

    /** With finetune-SAM's decoder LoRA and/or adapters as {@code peft} says. */
    public MaskDecoder(SamConfig cfg, PeftConfig peft) {
        this(cfg, peft.projectionFactory(), peft.decoderAdapter ? peft.decoderAdapterDepth : 0, peft.adapterSpec());
    }

    private MaskDecoder(SamConfig cfg, ProjectionFactory projections, int adapterLayers, AdapterSpec adapters) {
        this.dim = cfg.transformerEmbeddingDim;
        if (dim != cfg.promptEmbedDim) {
            throw new IllegalArgumentException("transformer_embedding_dim (" + dim + ") must equal prompt_embed_dim ("
                    + cfg.promptEmbedDim + "): prompt tokens enter the decoder transformer unchanged");
        }
        this.numMaskTokens = cfg.numMultimaskOutputs + 1;
        this.transformer = child("transformer", new TwoWayTransformer(cfg.transformerDepth, dim, cfg.transformerNumHeads,
                cfg.transformerMlpDim, cfg.attentionDownsampleRate, cfg.transformerLayerNormEps, projections, adapterLayers, adapters));
        this.iouToken = child("iou_token", new LearnedEmbedding(1, dim));
        this.maskTokens = child("mask_tokens", new LearnedEmbedding(numMaskTokens, dim));
        // output_upscaling: ConvT(C -> C/4, 2, s2), LN2d, GELU, ConvT(C/4 -> C/8, 2, s2), GELU
        this.upscale1 = child("output_upscaling.0", new ConvTranspose2dKeqS(dim, dim / 4, 2));
        this.upscaleNorm = child("output_upscaling.1", new ViTLayerNorm(dim / 4, cfg.layerNorm2dEps));
        this.upscale2 = child("output_upscaling.3", new ConvTranspose2dKeqS(dim / 4, dim / 8, 2));
        this.hypernetworks = new MLP[numMaskTokens];
        for (int i = 0; i < numMaskTokens; i++) {
            hypernetworks[i] = child("output_hypernetworks_mlps." + i, new MLP(dim, dim, dim / 8, 3, false));
        }
        this.iouHead = child("iou_prediction_head", new MLP(dim, cfg.iouHeadHiddenDim, numMaskTokens, cfg.iouHeadDepth, false));
    }

    /**
     * Chooses how every attention of the transformer computes (default {@link DecoderAttention.Path#AUTO}:
     * the re-associated cross attention whenever gradients are off).
     */
    public void setAttentionPath(DecoderAttention.Path path) {
        setPath(this, path);
    }

    private static void setPath(SamBlock block, DecoderAttention.Path path) {
        if (block instanceof DecoderAttention) {
            ((DecoderAttention) block).setPath(path);
        }
        for (SamBlock child : block.namedChildren().values()) {
            setPath(child, path);
        }
    }

    /** numMultimaskOutputs + 1. */
    public int numMaskTokens() {
        return numMaskTokens;
    }

    /**
     * SAM's {@code MaskDecoder.forward}, inside a memory scope (only the results survive; they live in
     * the sparse embeddings' manager).
     *
     * @param imageEmbeddings (Bi, C, H, W); Bi = 1 serves any number of prompts (SamPredictor), Bi = B
     *     pairs image i with prompt i (finetune-SAM training)
     * @param imagePe (1, C, H, W) from {@link PromptEncoder#denseImagePe()}
     * @param sparse (B, T, C) from the prompt encoder (B = 1 is broadcast to Bi)
     * @param dense (B, C, H, W) from the prompt encoder
     * @param multimaskOutput true: mask tokens 1.. (numMultimaskOutputs masks); false: token 0 only
     * @return {low-res mask logits (B, M, 4H, 4W), IoU predictions (B, M)}
     */
    public NDArray[] predict(NDArray imageEmbeddings, NDArray imagePe, NDArray sparse, NDArray dense, boolean multimaskOutput) {
        return Scoped.keepAll(() -> {
            NDArray[] all = predictMasks(imageEmbeddings, imagePe, sparse, dense, null);
            return attachTo(outputsOf(all, multimaskOutput), sparse);
        });
    }

    /**
     * An image prepared for decoding many prompts without a mask input (inference): the channels-last
     * positional encoding and the first transformer layer's prompt-independent image side. Close it
     * when the image is done with.
     */
    public static final class PreparedImage implements AutoCloseable {
        private final TwoWayAttentionBlock.PreparedImage layer0;
        private final NDArray keyPe; // (1, HW, C)
        private final long h;
        private final long w;

        private PreparedImage(TwoWayAttentionBlock.PreparedImage layer0, NDArray keyPe, long h, long w) {
            this.layer0 = layer0;
            this.keyPe = keyPe;
            this.h = h;
            this.w = w;
        }

        @Override
        public void close() {
            for (NDArray a : layer0.arrays()) {
                a.close();
            }
            keyPe.close();
        }
    }

    /**
     * Prepares an image for {@link #predict(PreparedImage, NDArray, boolean)}: imageEmbeddings (1, C, H, W),
     * imagePe (1, C, H, W), noMaskDense the prompt encoder's dense embedding for "no mask input"
     * (1, C, H, W). Gradients off. The arrays live in imageEmbeddings' manager. Null when the decoder's
     * projections do not allow it (then use {@link #predict(NDArray, NDArray, NDArray, NDArray, boolean)}).
     */
    public PreparedImage prepareImage(NDArray imageEmbeddings, NDArray imagePe, NDArray noMaskDense) {
        Shape es = imageEmbeddings.getShape();
        long c = es.get(1), h = es.get(2), w = es.get(3);
        NDArray[] kept = Scoped.keepAll(() -> {
            NDArray keys = ChannelsLastCache.of(imageEmbeddings)
                    .add(noMaskDense.reshape(1, c, h * w).transpose(0, 2, 1)); // (1, HW, C)
            NDArray keyPe = ChannelsLastCache.of(imagePe);
            TwoWayAttentionBlock.PreparedImage p = transformer.prepare(keys, keyPe);
            if (p == null) {
                return new NDArray[0];
            }
            NDArray[] a = p.arrays();
            return new NDArray[] {a[0], a[1], a[2], a[3], keyPe};
        });
        if (kept.length == 0) {
            return null;
        }
        for (NDArray a : kept) {
            NDScope.unregister(a); // long-lived: not freed with the calling scope
            a.attach(imageEmbeddings.getManager());
        }
        return new PreparedImage(new TwoWayAttentionBlock.PreparedImage(kept[0], kept[1], kept[2], kept[3]), kept[4], h, w);
    }

    /** Low-res mask logits (B, M, size, size) and IoU predictions (B, M), row-major, in Java memory. */
    public record LowResMasks(int batch, int masks, int size, float[] logits, float[] iou) {}

    /**
     * As {@link #predict(NDArray, NDArray, NDArray, NDArray, boolean)} for a prepared image (no mask
     * input), returning only the masks SAM's output slicing keeps, copied to Java memory. The last
     * pixel re-arrangement of the upscaling (two stacked 2x2 patch grids) is done while copying, and
     * the hypernetworks run only for the kept mask tokens.
     */
    public LowResMasks predict(PreparedImage image, NDArray sparse, boolean multimaskOutput) {
        try (NDScope scope = new NDScope()) {
            long b = sparse.getShape().get(0);
            long h = image.h, w = image.w;
            int first = multimaskOutput ? 1 : 0;
            int kept = multimaskOutput ? numMaskTokens - 1 : 1;
            // the final attention runs for the IoU token and the kept mask tokens only: [iou, kept masks]
            long[] outputTokens = new long[1 + kept];
            for (int i = 0; i < kept; i++) {
                outputTokens[1 + i] = 1 + first + i;
            }
            NDArray[] out = transformer.forwardPrepared(image.layer0, image.keyPe, tokens(sparse, b), outputTokens);
            NDList hyper = new NDList(kept);
            for (int i = 0; i < kept; i++) {
                hyper.add(hypernetworks[first + i].forward(out[0].get(new NDIndex(":, {}, :", 1 + i))));
            }
            NDArray features = upscaledFeatures(out[1], b, h, w, dim); // (B, 16HW, C/8), patch order
            NDArray perMask = NDArrays.stack(hyper, 1).matMul(features.transpose(0, 2, 1)); // (B, M, 16HW)
            FloatBuffer patchOrder = perMask.toByteBuffer(true).asFloatBuffer(); // the tensor's memory, no copy
            float[] iouAll = iouHead.forward(out[0].get(new NDIndex(":, 0, :"))).toFloatArray(); // (B, numMaskTokens)
            float[] iou = new float[(int) b * kept];
            for (int o = 0; o < b; o++) {
                System.arraycopy(iouAll, o * numMaskTokens + first, iou, o * kept, kept);
            }
            return new LowResMasks((int) b, kept, (int) (4 * h), unpatch(patchOrder, (int) b * kept, (int) h, (int) w), iou);
        }
    }

    /**
     * Planes in the upscaling's patch order, [plane, y, x, i, j, k, l] = pixel (4y + 2i + k, 4x + 2j + l),
     * to row-major (planes, 4H, 4W).
     */
    static float[] unpatch(FloatBuffer patchOrder, int planes, int h, int w) {
        int size = 4 * w;
        float[] out = new float[planes * 16 * h * w];
        int src = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * 16 * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            for (int k = 0; k < 2; k++) {
                                int row = plane + (4 * y + 2 * i + k) * size + 4 * x + 2 * j;
                                out[row] = patchOrder.get(src++);
                                out[row + 1] = patchOrder.get(src++);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every mask token, without SAM's output slicing: {logits (B, numMaskTokens, 4H, 4W), IoU
     * (B, numMaskTokens)}. In a memory scope like {@link #predict}.
     */
    public NDArray[] predictAllTokens(NDArray imageEmbeddings, NDArray imagePe, NDArray sparse, NDArray dense) {
        return Scoped.keepAll(() -> attachTo(predictMasks(imageEmbeddings, imagePe, sparse, dense, null), sparse));
    }

    /** SAM's output slicing: multimask drops token 0's mask, single-mask keeps only it. */
    private static NDArray[] outputsOf(NDArray[] all, boolean multimaskOutput) {
        return multimaskOutput
                ? new NDArray[] {all[0].get(":, 1:"), all[1].get(":, 1:")}
                : new NDArray[] {all[0].get(":, 0:1"), all[1].get(":, 0:1")};
    }

    private static NDArray[] attachTo(NDArray[] out, NDArray owner) {
        for (NDArray a : out) {
            // a slice is a view that holds its base tensor's storage, so closing the base is safe
            a.attach(owner.getManager());
        }
        return out;
    }

    /**
     * Inference's output_upscaling and mask product. The pixels' features never need the (2H, 2W)
     * image layout: both transposed convolutions and every norm/GELU are per pixel, so the second
     * upscaling runs on the first one's patch-grouped output, and only the M mask planes are
     * rearranged at the end (one small copy instead of two of the large feature maps).
     *
     * @param imageOut (B, HW, C) channels-last
     * @param hyperIn (B, M, C/8)
     * @return (B, M, 4H, 4W)
     */
    private NDArray upscaleAndClassify(NDArray imageOut, NDArray hyperIn, long b, long h, long w, long c) {
        NDArray perPixel = upscaledFeatures(imageOut, b, h, w, c).matMul(hyperIn.transpose(0, 2, 1)); // (B, 16HW, M)
        // [b, y, x, i, j, k, l, m] is output pixel (4y + 2i + k, 4x + 2j + l) of mask m
        return perPixel.reshape(b, h, w, 2, 2, 2, 2, numMaskTokens).transpose(0, 7, 1, 3, 5, 2, 4, 6)
                .reshape(b, numMaskTokens, 4 * h, 4 * w);
    }

    /**
     * output_upscaling on channels-last cells, left in patch order: imageOut (B, HW, C) ->
     * (B, 16HW, C/8) where row 16·(yW + x) + 4·(2i + j) + (2k + l) is pixel (4y + 2i + k, 4x + 2j + l).
     */
    private NDArray upscaledFeatures(NDArray imageOut, long b, long h, long w, long c) {
        NDArray x = upscale1.forwardPatches(imageOut.reshape(b, h, w, c)); // (B, H, W, 2, 2, C/4): pixel (2y+i, 2x+j)
        x = SamOps.gelu(upscaleNorm.forward(x));
        x = SamOps.gelu(upscale2.forwardPatches(x.reshape(b, h * w, 4, c / 4))); // (B, HW, 4, 2, 2, C/8)
        return x.reshape(b, -1, c / 8);
    }

    /**
     * SAM's {@code predict_masks} without a memory scope (training scopes the whole step itself).
     *
     * @param trace when not null, receives the fixture's intermediate tensors ("transformer_in_src",
     *     "transformer_in_pos", "transformer_in_tokens", "layerI_queries"/"layerI_keys",
     *     "transformer_out_hs", "transformer_out_src", "upscaled_embedding" (NCHW))
     * @return {logits (B, numMaskTokens, 4H, 4W), IoU (B, numMaskTokens)}
     */
    public NDArray[] predictMasks(NDArray imageEmbeddings, NDArray imagePe, NDArray sparse, NDArray dense,
            Map<String, NDArray> trace) {
        Shape es = imageEmbeddings.getShape();
        long bi = es.get(0), c = es.get(1), h = es.get(2), w = es.get(3);
        long bt = sparse.getShape().get(0);
        long b = Math.max(bi, bt);
        if (bi != bt && bi != 1 && bt != 1) {
            throw new IllegalArgumentException("Image embeddings batch " + bi + " and prompt batch " + bt
                    + " differ: give one image for many prompts, one prompt set for many images, or pair them");
        }

        NDArray tokens = tokens(sparse, b);

        NDArray[] out;
        if (trace == null && !JniUtils.isGradMode()) {
            // Inference: the embedding and positional encoding are the same for every prompt, so their
            // channels-last copies are cached; the dense prompt is added channels-last (for the usual
            // no-mask prompt, a broadcast (C) vector).
            NDArray keys = channelsLastCache.get(imageEmbeddings)
                    .add(dense.reshape(dense.getShape().get(0), c, h * w).transpose(0, 2, 1));
            if (keys.getShape().get(0) != b) {
                keys = keys.broadcast(new Shape(b, h * w, c)).duplicate();
            }
            out = transformer.forwardChannelsLast(keys, channelsLastCache.get(imagePe), tokens, null, 1 + numMaskTokens);
        } else {
            // One image embedding per prompt set (SAM repeat_interleaves; a broadcast view is enough here).
            NDArray src = imageEmbeddings.broadcast(new Shape(b, c, h, w)).add(dense);
            if (trace != null) {
                trace.put("transformer_in_src", src);
                trace.put("transformer_in_pos", imagePe);
                trace.put("transformer_in_tokens", tokens);
            }
            out = transformer.forward(src, imagePe, tokens, trace);
        }
        return heads(out, b, h, w, c, trace);
    }

    /** tokens: [iou, mask_0..mask_M-1, prompts...] (B, 1 + M + T, C) from sparse (B or 1, T, C). */
    private NDArray tokens(NDArray sparse, long b) {
        NDArray outputTokens = DecoderOps.ownedLike(
                NDArrays.concat(new NDList(iouToken.weight(), maskTokens.weight()), 0), sparse);
        outputTokens = outputTokens.expandDims(0).broadcast(new Shape(b, 1 + numMaskTokens, dim));
        return sparse.getShape().get(1) == 0
                ? outputTokens
                : NDArrays.concat(new NDList(outputTokens, sparse.broadcast(new Shape(b, sparse.getShape().get(1), dim))), 1);
    }

    /** From the transformer's {tokens (B, Nt, C), image (B, HW, C)}: {logits (B, M, 4H, 4W), IoU (B, M)}. */
    private NDArray[] heads(NDArray[] out, long b, long h, long w, long c, Map<String, NDArray> trace) {
        NDArray hs = out[0]; // (B, Nt, C)
        NDArray imageOut = out[1]; // (B, HW, C)
        if (trace != null) {
            trace.put("transformer_out_hs", hs);
            trace.put("transformer_out_src", imageOut);
        }
        NDArray iouTokenOut = hs.get(new NDIndex(":, 0, :"));
        NDArray maskTokensOut = hs.get(new NDIndex(":, 1:{}, :", 1 + numMaskTokens));

        // Upscale channels-last: the transformer already gives (B, HW, C) = (B, H, W, C). Every op of
        // output_upscaling except the second pixel rearrangement is per pixel, so LN2d/GELU run on the
        // patch-grouped layout and the masks are computed before the final rearrangement, which then
        // moves M channels instead of C/8.
        NDList hyper = new NDList(numMaskTokens);
        for (int i = 0; i < numMaskTokens; i++) {
            hyper.add(hypernetworks[i].forward(maskTokensOut.get(new NDIndex(":, {}, :", i))));
        }
        NDArray hyperIn = NDArrays.stack(hyper, 1); // (B, M, C/8)

        NDArray masks;
        if (trace == null && !JniUtils.isGradMode()) {
            masks = upscaleAndClassify(imageOut, hyperIn, b, h, w, c);
        } else {
            NDArray x = imageOut.reshape(b, h, w, c);
            x = upscale1.forwardPatches(x); // (B, H, W, 2, 2, C/4)
            x = SamOps.gelu(upscaleNorm.forward(x));
            x = upscale1.joinPatches(x, h, w); // (B, 2H, 2W, C/4)
            x = SamOps.gelu(upscale2.forwardPatches(x)); // (B, 2H, 2W, 2, 2, C/8)
            if (trace != null) {
                trace.put("upscaled_embedding", upscale2.joinPatches(x, 2 * h, 2 * w).transpose(0, 3, 1, 2));
            }

            // per pixel: logits = features · hypernetwork output of each mask token
            Shape ps = x.getShape();
            NDArray perPixel = x.reshape(b, -1, ps.get(5)).matMul(hyperIn.transpose(0, 2, 1)); // (B, 16HW, M)
            masks = upscale2.joinPatches(perPixel.reshape(b, 2 * h, 2 * w, 2, 2, numMaskTokens), 2 * h, 2 * w)
                    .transpose(0, 3, 1, 2); // (B, M, 4H, 4W)
        }
        NDArray iou = iouHead.forward(iouTokenOut);
        return new NDArray[] {masks, iou};
    }
}
