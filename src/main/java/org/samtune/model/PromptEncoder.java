package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * SAM's prompt encoder: turns clicks and boxes into sparse tokens (B, T, C) and an optional low-res
 * mask into a dense map (B, C, H, W) on the image-embedding grid.
 *
 * <p>Sparse tokens are the positional encoding of the prompt location plus a learned type vector:
 * point_embeddings.0 (negative click, label 0), .1 (positive click, label 1), .2 / .3 (top-left /
 * bottom-right box corner), and not_a_point_embed for padding (label -1, whose positional part is
 * zeroed). The dense map is either the downscaled mask prompt or no_mask_embed at every cell.
 */
public final class PromptEncoder extends SamBlock {
    private final int embedDim;
    private final int[] imageEmbeddingSize;
    private final int[] inputImageSize;
    private final double ln2dEps;

    private final PositionEmbeddingRandom peLayer;
    private final LearnedEmbedding[] pointEmbeddings = new LearnedEmbedding[4];
    private final LearnedEmbedding notAPointEmbed;
    // mask_downscaling: Conv(1->c/4, 2, s2), LN2d, GELU, Conv(c/4->c, 2, s2), LN2d, GELU, Conv(c->C, 1)
    private final ViTConv2d maskConv1;
    private final ViTLayerNorm2d maskNorm1;
    private final ViTConv2d maskConv2;
    private final ViTLayerNorm2d maskNorm2;
    private final ViTConv2d maskConv3;
    private final LearnedEmbedding noMaskEmbed;

    public PromptEncoder(SamConfig cfg) {
        this.embedDim = cfg.promptEmbedDim;
        this.imageEmbeddingSize = cfg.imageEmbeddingSize.clone();
        this.inputImageSize = cfg.inputImageSize.clone();
        this.ln2dEps = cfg.layerNorm2dEps;
        if (embedDim % 2 != 0) {
            throw new IllegalArgumentException("prompt_embed_dim must be even (sine and cosine halves): " + embedDim);
        }
        this.peLayer = child("pe_layer", new PositionEmbeddingRandom(embedDim / 2));
        for (int i = 0; i < pointEmbeddings.length; i++) {
            pointEmbeddings[i] = child("point_embeddings." + i, new LearnedEmbedding(1, embedDim));
        }
        this.notAPointEmbed = child("not_a_point_embed", new LearnedEmbedding(1, embedDim));
        int m = cfg.maskInChans;
        this.maskConv1 = child("mask_downscaling.0", new ViTConv2d(1, m / 4, 2, 2, 0, true));
        this.maskNorm1 = child("mask_downscaling.1", new ViTLayerNorm2d(m / 4, ln2dEps));
        this.maskConv2 = child("mask_downscaling.3", new ViTConv2d(m / 4, m, 2, 2, 0, true));
        this.maskNorm2 = child("mask_downscaling.4", new ViTLayerNorm2d(m, ln2dEps));
        this.maskConv3 = child("mask_downscaling.6", new ViTConv2d(m, embedDim, 1, 1, 0, true));
        this.noMaskEmbed = child("no_mask_embed", new LearnedEmbedding(1, embedDim));
    }

    public int embedDim() {
        return embedDim;
    }

    /** (H, W) of the image embedding; a mask prompt must be (B, 1, 4H, 4W). */
    public int[] imageEmbeddingSize() {
        return imageEmbeddingSize.clone();
    }

    public PositionEmbeddingRandom peLayer() {
        return peLayer;
    }

    /**
     * Encodes prompts exactly like segment-anything's {@code PromptEncoder.forward}. Any argument may be
     * null. Batch size B comes from the points, else the boxes, else the mask, else 1.
     *
     * @param pointCoords (B, N, 2) (x, y) in pixels of the padded model input (after ResizeLongestSide)
     * @param pointLabels (B, N), int or float: 1 positive, 0 negative, -1 padding/ignored
     * @param boxes (B, 4) x0, y0, x1, y1 in model-input pixels
     * @param maskInput (B, 1, 4H, 4W) low-res mask logits
     * @return {sparse (B, T, C), dense (B, C, H, W)}; T = N (+1 padding point when there are points but
     *     no boxes) + 2 per box. They live in the manager of the first non-null input (the model's
     *     manager when there is none); the caller closes them.
     */
    public NDArray[] encode(NDArray pointCoords, NDArray pointLabels, NDArray boxes, NDArray maskInput) {
        NDArray first = pointCoords != null ? pointCoords : boxes != null ? boxes : maskInput;
        return encode(first != null ? first.getManager() : noMaskEmbed.weight().getManager(), pointCoords, pointLabels, boxes, maskInput);
    }

    /** As {@link #encode(NDArray, NDArray, NDArray, NDArray)}, with the results put in {@code manager}. */
    public NDArray[] encode(NDManager manager, NDArray pointCoords, NDArray pointLabels, NDArray boxes, NDArray maskInput) {
        if ((pointCoords == null) != (pointLabels == null)) {
            throw new IllegalArgumentException("Point coordinates and point labels must be given together");
        }
        return Scoped.keepAll(() -> {
            NDArray[] out = forward(manager, pointCoords, pointLabels, boxes, maskInput);
            for (NDArray a : out) {
                a.attach(manager);
            }
            return out;
        });
    }

    /**
     * The encoding without any memory scope (for training, where the caller scopes the whole step).
     * Temporaries and results go to the inputs' managers, or {@code manager} when there is no input.
     */
    public NDArray[] forward(NDManager manager, NDArray pointCoords, NDArray pointLabels, NDArray boxes, NDArray maskInput) {
        long bs = pointCoords != null ? pointCoords.getShape().get(0)
                : boxes != null ? boxes.getShape().get(0)
                : maskInput != null ? maskInput.getShape().get(0)
                : 1;
        NDList parts = new NDList();
        if (pointCoords != null) {
            parts.add(embedPoints(pointCoords, pointLabels, boxes == null));
        }
        if (boxes != null) {
            parts.add(embedBoxes(boxes));
        }
        NDArray sparse;
        if (parts.isEmpty()) {
            sparse = manager.zeros(new Shape(bs, 0, embedDim));
        } else if (parts.size() == 1) {
            sparse = parts.get(0);
        } else {
            sparse = NDArrays.concat(parts, 1);
        }

        NDArray dense;
        if (maskInput != null) {
            dense = embedMasks(maskInput);
        } else {
            NDArray table = noMaskEmbed.weight();
            // A broadcast view of the (1, C) table; the owner is the call's manager, not the model's.
            dense = DecoderOps.ownedLike(table.reshape(1, embedDim, 1, 1), sparse)
                    .broadcast(new Shape(bs, embedDim, imageEmbeddingSize[0], imageEmbeddingSize[1]));
        }
        return new NDArray[] {sparse, dense};
    }

    /** points (B, N, 2), labels (B, N) -> (B, N(+1), C). */
    private NDArray embedPoints(NDArray points, NDArray labels, boolean pad) {
        NDArray coords = points.toType(DataType.FLOAT32, false).add(0.5f); // pixel centres
        NDArray lab = labels.toType(DataType.FLOAT32, false);
        if (pad) {
            // SAM needs at least one token besides the output tokens' partners when there is no box:
            // a point at (0, 0) with label -1, whose positional part is zeroed below.
            long b = coords.getShape().get(0);
            coords = NDArrays.concat(new NDList(coords, coords.getManager().zeros(new Shape(b, 1, 2))), 1);
            lab = NDArrays.concat(new NDList(lab, lab.getManager().full(new Shape(b, 1), -1f)), 1);
        }
        NDArray pe = peLayer.encodeCoords(coords, inputImageSize);
        lab = lab.expandDims(-1); // (B, N, 1) broadcasts over C
        NDArray isPad = lab.eq(-1f).toType(DataType.FLOAT32, false);
        NDArray isNeg = lab.eq(0f).toType(DataType.FLOAT32, false);
        NDArray isPos = lab.eq(1f).toType(DataType.FLOAT32, false);
        return pe.mul(isPad.neg().add(1f))
                .add(isPad.mul(notAPointEmbed.weight()))
                .add(isNeg.mul(pointEmbeddings[0].weight()))
                .add(isPos.mul(pointEmbeddings[1].weight()));
    }

    /** boxes (B, 4) -> two corner tokens (B, 2, C). */
    private NDArray embedBoxes(NDArray boxes) {
        NDArray corners = boxes.toType(DataType.FLOAT32, false).add(0.5f).reshape(-1, 2, 2);
        NDArray pe = peLayer.encodeCoords(corners, inputImageSize);
        // corner 0 gets point_embeddings.2, corner 1 point_embeddings.3: (1, 2, C) broadcast over B
        NDArray cornerTypes = NDArrays.concat(new NDList(pointEmbeddings[2].weight(), pointEmbeddings[3].weight()), 0);
        return pe.add(DecoderOps.ownedLike(cornerTypes, pe));
    }

    /** masks (B, 1, 4H, 4W) -> (B, C, H, W). */
    private NDArray embedMasks(NDArray masks) {
        NDArray x = maskConv1.forward(masks.toType(DataType.FLOAT32, false));
        x = SamOps.gelu(maskNorm1.forward(x));
        x = maskConv2.forward(x);
        x = SamOps.gelu(maskNorm2.forward(x));
        return maskConv3.forward(x);
    }

    /** get_dense_pe(): the positional encoding of every image-embedding cell, (1, C, H, W), in the model's manager. */
    public NDArray denseImagePe() {
        return denseImagePe(noMaskEmbed.weight().getManager());
    }

    /** get_dense_pe() built in {@code manager} (cheap: one small matrix product and sin/cos). */
    public NDArray denseImagePe(NDManager manager) {
        return Scoped.keep(() -> peLayer.grid(manager, imageEmbeddingSize[0], imageEmbeddingSize[1]).expandDims(0));
    }
}
