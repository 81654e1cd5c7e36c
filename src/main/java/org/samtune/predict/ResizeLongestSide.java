package org.samtune.predict;

/**
 * SAM's {@code ResizeLongestSide}: scales an image so that its longest side equals the model's input
 * length (1024 for the released models), keeping the aspect ratio, and maps prompts (points, boxes
 * in original pixel coordinates, (X, Y) order) into the resized frame.
 *
 * <p>Coordinates are computed in double precision and cast to float at the end, as the reference does
 * (numpy float64 arithmetic on the float32 prompts).
 */
public final class ResizeLongestSide {
    private final int targetLength;

    public ResizeLongestSide(int targetLength) {
        if (targetLength <= 0) {
            throw new IllegalArgumentException("Target length must be positive: " + targetLength);
        }
        this.targetLength = targetLength;
    }

    public int targetLength() {
        return targetLength;
    }

    /**
     * Output size {@code {newH, newW}} for an {@code oldH x oldW} image: scale = long / max(h, w), each
     * side rounded half up ({@code int(side * scale + 0.5)}).
     */
    public static int[] getPreprocessShape(int oldH, int oldW, int longSideLength) {
        double scale = longSideLength * 1.0 / Math.max(oldH, oldW);
        double newH = oldH * scale;
        double newW = oldW * scale;
        return new int[] {(int) (newH + 0.5), (int) (newW + 0.5)};
    }

    /** {@code {newH, newW}} for this transform. */
    public int[] getPreprocessShape(int oldH, int oldW) {
        return getPreprocessShape(oldH, oldW, targetLength);
    }

    /** Resizes with Pillow's bilinear filter (antialiased when shrinking), bit-exact to the reference. */
    public RgbImage applyImage(RgbImage image) {
        int[] hw = getPreprocessShape(image.height(), image.width());
        return PilResize.bilinear(image, hw[1], hw[0]);
    }

    /**
     * Maps points (N rows of (X, Y) in original pixels) to the resized frame: x * (newW / oldW),
     * y * (newH / oldH). Returns new arrays.
     */
    public float[][] applyCoords(float[][] coords, int origH, int origW) {
        int[] hw = getPreprocessShape(origH, origW);
        double sx = (double) hw[1] / origW;
        double sy = (double) hw[0] / origH;
        float[][] out = new float[coords.length][];
        for (int i = 0; i < coords.length; i++) {
            if (coords[i].length != 2) {
                throw new IllegalArgumentException("Point " + i + " must be (x, y), has " + coords[i].length + " values");
            }
            out[i] = new float[] {(float) (coords[i][0] * sx), (float) (coords[i][1] * sy)};
        }
        return out;
    }

    /** Maps boxes (N rows of (x0, y0, x1, y1) in original pixels) like two points each. */
    public float[][] applyBoxes(float[][] boxes, int origH, int origW) {
        float[][] out = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            if (b.length != 4) {
                throw new IllegalArgumentException("Box " + i + " must be (x0, y0, x1, y1), has " + b.length + " values");
            }
            float[][] corners = applyCoords(new float[][] {{b[0], b[1]}, {b[2], b[3]}}, origH, origW);
            out[i] = new float[] {corners[0][0], corners[0][1], corners[1][0], corners[1][1]};
        }
        return out;
    }
}
