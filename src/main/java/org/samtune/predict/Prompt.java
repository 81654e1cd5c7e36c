package org.samtune.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The prompt for one object, in ORIGINAL image pixel coordinates: any number of positive (label 1)
 * and negative (label 0) points, at most one box, and optionally a low-res mask (logits of a
 * previous prediction, (4·E)×(4·E) for an E×E embedding: 256×256 for 1024² models).
 */
public final class Prompt {
    /** A clicked point; x is the column, y the row, in original pixels (continuous, pixel centres at +0.5 are not implied). */
    public static final class Point {
        public final float x;
        public final float y;
        public final int label;

        public Point(float x, float y, int label) {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("Point label must be 1 (positive) or 0 (negative), got " + label);
            }
            this.x = x;
            this.y = y;
            this.label = label;
        }
    }

    private final List<Point> points = new ArrayList<>();
    private float[] box; // x0, y0, x1, y1
    private float[] maskInput; // (side x side) low-res logits
    private int maskInputSide;

    public Prompt addPoint(float x, float y, int label) {
        points.add(new Point(x, y, label));
        return this;
    }

    public Prompt box(float x0, float y0, float x1, float y1) {
        if (!(x1 > x0) || !(y1 > y0)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "Box (%s,%s,%s,%s) is empty or reversed: need x1 > x0 and y1 > y0", x0, y0, x1, y1));
        }
        this.box = new float[] {x0, y0, x1, y1};
        return this;
    }

    /** A low-res logit mask, row-major side×side. */
    public Prompt maskInput(float[] logits, int side) {
        if (logits.length != side * side) {
            throw new IllegalArgumentException("Mask input must have side*side = " + side * side + " values, got " + logits.length);
        }
        this.maskInput = logits.clone();
        this.maskInputSide = side;
        return this;
    }

    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }

    public float[] box() {
        return box == null ? null : box.clone();
    }

    public float[] maskInput() {
        return maskInput == null ? null : maskInput.clone();
    }

    public int maskInputSide() {
        return maskInputSide;
    }

    public boolean hasPoints() {
        return !points.isEmpty();
    }

    public boolean hasBox() {
        return box != null;
    }

    public boolean hasMaskInput() {
        return maskInput != null;
    }

    public boolean isEmpty() {
        return points.isEmpty() && box == null && maskInput == null;
    }
}
