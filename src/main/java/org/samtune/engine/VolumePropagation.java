package org.samtune.engine;

import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;

import java.io.IOException;
import java.util.List;

/**
 * Slice-by-slice segmentation of one object in a volume from a single box: the user boxes the object on one
 * slice; every further slice is prompted with the bounding box of the mask predicted on its neighbour, walking up
 * and then down from the start slice, each direction stopping at the volume's end or at the first slice whose
 * mask has fewer than {@code minArea} pixels (the object has ended, or the model lost it).
 *
 * <p>Boxes are in slice pixels, pixel-edge coordinates (x0, y0, x1, y1) with x1, y1 exclusive: a mask covering
 * columns 3..7 gives x0 = 3, x1 = 8. Each slice is predicted once, with a single-mask output.
 */
public final class VolumePropagation {

    /** Predicts one slice from a box; the mask is row-major height x width. */
    @FunctionalInterface
    public interface BoxSegmenter {
        boolean[] segment(int slice, float[] box) throws IOException;
    }

    /** The slice images of a volume, in slice order. */
    public interface SliceImages {
        int count();

        RgbImage image(int slice) throws IOException;
    }

    /**
     * What came out.
     *
     * @param masks per slice: the predicted mask, or null where the walk did not go (or the mask vanished there)
     * @param boxes per slice: the box the slice was prompted with, or null
     * @param start the slice the user prompted
     * @param first lowest slice with a kept mask (start when even the start mask vanished)
     * @param last  highest slice with a kept mask
     */
    public record Result(boolean[][] masks, float[][] boxes, int start, int first, int last) {
        /** No walk: {@code mask} on slice {@code start} of {@code sliceCount} (dropped when empty). */
        public static Result single(int sliceCount, int start, boolean[] mask, float[] box) {
            checkStart(sliceCount, start);
            boolean[][] masks = new boolean[sliceCount][];
            float[][] boxes = new float[sliceCount][];
            boolean any = false;
            for (boolean b : mask) {
                any |= b;
            }
            masks[start] = any ? mask : null;
            boxes[start] = box == null ? null : box.clone();
            return new Result(masks, boxes, start, start, start);
        }

        /** Number of slices that got a (non-vanished) mask. */
        public int segmentedSlices() {
            int n = 0;
            for (boolean[] m : masks) {
                n += m != null ? 1 : 0;
            }
            return n;
        }
    }

    private final int width;
    private final int height;
    private final int minArea;

    /**
     * @param width   slice width (columns)
     * @param height  slice height (rows)
     * @param minArea a mask with fewer pixels counts as vanished (1: only an empty mask stops the walk)
     */
    public VolumePropagation(int width, int height, int minArea) {
        if (width < 1 || height < 1 || minArea < 1) {
            throw new IllegalArgumentException("need width, height and minArea >= 1");
        }
        this.width = width;
        this.height = height;
        this.minArea = minArea;
    }

    /** A segmenter that runs SAM on the slice images with a box prompt (the predictor's cache keeps embeddings). */
    public static BoxSegmenter sam(SamPredictor predictor, SliceImages images) {
        return (slice, box) -> {
            predictor.setImage(images.image(slice));
            Prediction p = predictor.predict(List.of(new Prompt().box(box[0], box[1], box[2], box[3])), false);
            return p.mask(0, 0);
        };
    }

    /** Walks from {@code start} (prompted with {@code box}) through {@code sliceCount} slices. */
    public Result run(int sliceCount, int start, float[] box, BoxSegmenter segmenter) throws IOException {
        checkStart(sliceCount, start);
        return propagate(sliceCount, start, segmenter.segment(start, box.clone()), box.clone(), segmenter);
    }

    /**
     * Walks from a start slice whose mask is already known (predicted from any prompt: points, a box, both):
     * the neighbours are prompted with boxes from there on. {@code startBox} is recorded as the start slice's box
     * (null when it had none).
     */
    public Result propagate(int sliceCount, int start, boolean[] startMask, float[] startBox, BoxSegmenter segmenter)
            throws IOException {
        checkStart(sliceCount, start);
        boolean[][] masks = new boolean[sliceCount][];
        float[][] boxes = new float[sliceCount][];
        boxes[start] = startBox == null ? null : startBox.clone();
        if (area(startMask) < minArea) {
            return new Result(masks, boxes, start, start, start);
        }
        masks[start] = startMask;
        int last = walk(start, +1, sliceCount, masks, boxes, segmenter);
        int first = walk(start, -1, sliceCount, masks, boxes, segmenter);
        return new Result(masks, boxes, start, first, last);
    }

    private static void checkStart(int sliceCount, int start) {
        if (start < 0 || start >= sliceCount) {
            throw new IllegalArgumentException("start slice " + start + " outside 0.." + (sliceCount - 1));
        }
    }

    /** Propagates from {@code start} in direction {@code step}; returns the last slice with a kept mask. */
    private int walk(int start, int step, int sliceCount, boolean[][] masks, float[][] boxes, BoxSegmenter segmenter)
            throws IOException {
        int s = start;
        while (s + step >= 0 && s + step < sliceCount) {
            float[] box = boundingBox(masks[s], width, height);
            boolean[] m = segmenter.segment(s + step, box.clone());
            boxes[s + step] = box;
            if (area(m) < minArea) {
                break;
            }
            masks[s + step] = m;
            s += step;
        }
        return s;
    }

    private int area(boolean[] m) {
        if (m.length != width * height) {
            throw new IllegalStateException("segmenter returned " + m.length + " pixels for a " + width + "x"
                    + height + " slice");
        }
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Tight box (x0, y0, x1, y1), pixel edges, exclusive end, of a non-empty row-major mask; null when empty. */
    public static float[] boundingBox(boolean[] mask, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask[y * width + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new float[] {x0, y0, x1 + 1, y1 + 1};
    }
}
