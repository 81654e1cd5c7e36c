package org.samtune.predict;

/**
 * Result of one prompt query, copied to Java memory so no native tensor escapes the predictor.
 * Layouts are row-major with the reference's batch/channel order: B objects × M masks per object.
 * Masks at the original size are upscaled on first use, one mask at a time: an interactive click
 * usually needs only the best of three, and upscaling dominates the cost of a query on large images.
 */
public final class Prediction {
    public final int objects;        // B
    public final int masksPerObject; // M (3 with multimask, else 1)
    public final int lowResSize;     // side of the low-res logits (256 for 1024² models)
    public final int height;         // original image height
    public final int width;          // original image width
    public final float[] lowResLogits;   // (B, M, lowResSize, lowResSize)
    public final float[] iouPredictions; // (B, M)
    public final float maskThreshold;
    private final Upscaler upscaler;
    private final float[][] upscaledPlanes; // computed lazily, (B·M) planes of height·width

    /** Turns plane {@code b·M + m} of the low-res logits into logits at the original size. */
    @FunctionalInterface
    public interface Upscaler {
        float[] upscale(int plane);

        /** The same plane thresholded ({@code logit > threshold}); implementations may skip the float plane. */
        default boolean[] mask(int plane, float threshold) {
            return MaskPostprocessor.threshold(upscale(plane), threshold);
        }
    }

    public Prediction(int objects, int masksPerObject, int lowResSize, int height, int width,
                      float[] lowResLogits, float[] iouPredictions, Upscaler upscaler, float maskThreshold) {
        this.objects = objects;
        this.masksPerObject = masksPerObject;
        this.lowResSize = lowResSize;
        this.height = height;
        this.width = width;
        this.lowResLogits = lowResLogits;
        this.iouPredictions = iouPredictions;
        this.upscaler = upscaler;
        this.upscaledPlanes = new float[objects * masksPerObject][];
        this.maskThreshold = maskThreshold;
    }

    public float iou(int object, int mask) {
        return iouPredictions[object * masksPerObject + mask];
    }

    /** Index of the mask with the highest predicted IoU for an object. */
    public int bestMask(int object) {
        int best = 0;
        for (int m = 1; m < masksPerObject; m++) {
            if (iou(object, m) > iou(object, best)) {
                best = m;
            }
        }
        return best;
    }

    /** Logits of one mask at the original size (row-major height×width); computed once, then kept. */
    public synchronized float[] upscaled(int object, int mask) {
        int plane = object * masksPerObject + mask;
        if (upscaledPlanes[plane] == null) {
            upscaledPlanes[plane] = upscaler.upscale(plane);
        }
        return upscaledPlanes[plane];
    }

    /** All upscaled logits, (B, M, height, width) row-major. */
    public float[] upscaledLogits() {
        int planeSize = height * width;
        float[] out = new float[objects * masksPerObject * planeSize];
        for (int b = 0; b < objects; b++) {
            for (int m = 0; m < masksPerObject; m++) {
                System.arraycopy(upscaled(b, m), 0, out, (b * masksPerObject + m) * planeSize, planeSize);
            }
        }
        return out;
    }

    /**
     * Binary mask (logit > threshold) of one object's mask, row-major height×width, a new array each
     * call. Computed without the logits plane unless that was already asked for.
     */
    public boolean[] mask(int object, int mask) {
        int plane = object * masksPerObject + mask;
        float[] logits;
        synchronized (this) {
            logits = upscaledPlanes[plane];
        }
        return logits != null ? MaskPostprocessor.threshold(logits, maskThreshold) : upscaler.mask(plane, maskThreshold);
    }

    /** Low-res logits of one mask (lowResSize²), e.g. to feed back as the next query's mask input. */
    public float[] lowRes(int object, int mask) {
        int plane = lowResSize * lowResSize;
        float[] out = new float[plane];
        System.arraycopy(lowResLogits, (object * masksPerObject + mask) * plane, out, 0, plane);
        return out;
    }

    /** Pixels of one mask that are on. */
    public int area(int object, int mask) {
        int n = 0;
        for (boolean v : mask(object, mask)) {
            n += v ? 1 : 0;
        }
        return n;
    }

    /** "mask 2 of 3, predicted IoU 0.9120, area 1234 px" for an object's best mask: the line front-ends print. */
    public String describe(int object) {
        int best = bestMask(object);
        return String.format(java.util.Locale.ROOT, "mask %d of %d, predicted IoU %.4f, area %d px",
                best + 1, masksPerObject, iou(object, best), area(object, best));
    }

    /**
     * finetune-SAM's automatic output for one object (image): the argmax over the M channels of the
     * low-res logits (channel k = class k, 0 = background), row-major lowResSize².
     */
    public int[] lowResClassMap(int object) {
        int plane = lowResSize * lowResSize;
        int[] out = new int[plane];
        int base = object * masksPerObject * plane;
        for (int i = 0; i < plane; i++) {
            float best = lowResLogits[base + i];
            for (int m = 1; m < masksPerObject; m++) {
                float v = lowResLogits[base + m * plane + i];
                if (v > best) { // first maximum wins, as torch.argmax
                    best = v;
                    out[i] = m;
                }
            }
        }
        return out;
    }

    /**
     * A label image: object i (1-based) where its best mask is on; later objects win overlaps.
     * Row-major height×width.
     */
    public int[] labelImage() {
        int[] labels = new int[height * width];
        for (int b = 0; b < objects; b++) {
            boolean[] m = mask(b, bestMask(b));
            for (int i = 0; i < m.length; i++) {
                if (m[i]) {
                    labels[i] = b + 1;
                }
            }
        }
        return labels;
    }
}
