package org.samtune.fiji.interactive;

import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import org.samtune.fiji.MaskOutputs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;

/**
 * What the interactive tool draws over the image: the user's own overlay, the objects committed on
 * this plane (outlines), the current object's mask (filled, translucent), its points (green
 * positive, red negative) and box, and the box being dragged. The ROIs carry names the GUI tests
 * and users can find: {@value #MASK}, {@value #POINT}, {@value #BOX}, "SAM object N".
 */
public final class SessionOverlay {
    public static final String MASK = "SAM mask";
    public static final String POINT = "SAM point";
    public static final String BOX = "SAM box";
    static final Color MASK_FILL = new Color(0, 200, 255, 90);
    static final Color POSITIVE = new Color(0, 230, 0);
    static final Color NEGATIVE = new Color(255, 40, 40);
    static final Color BOX_COLOUR = Color.YELLOW;
    private static final Color[] OBJECT_COLOURS = {
        new Color(255, 160, 0), new Color(200, 80, 255), new Color(0, 255, 160), new Color(255, 90, 160),
        new Color(120, 200, 0), new Color(80, 160, 255)};

    private SessionOverlay() {}

    /**
     * @param base     the image's own overlay when the session started (kept), or null
     * @param dragging the box being dragged (image pixels), or null
     */
    public static Overlay build(Overlay base, int width, int height, List<CommittedObject> committed, List<PromptEdit> edits,
                                boolean[] mask, Rectangle dragging) {
        Overlay o = base == null ? new Overlay() : base.duplicate();
        for (CommittedObject c : committed) {
            Roi r = MaskOutputs.outline(c.mask(), width, height);
            if (r != null) {
                r.setName("SAM object " + c.label());
                r.setStrokeColor(OBJECT_COLOURS[(c.label() - 1) % OBJECT_COLOURS.length]);
                r.setStrokeWidth(1.5);
                o.add(r);
            }
        }
        if (mask != null) {
            Roi r = MaskOutputs.outline(mask, width, height);
            if (r != null) {
                r.setName(MASK);
                r.setFillColor(MASK_FILL);
                o.add(r);
            }
        }
        for (PromptEdit e : edits) {
            if (e.isBox()) {
                o.add(box(e.x0(), e.y0(), e.x1() - e.x0() + 1, e.y1() - e.y0() + 1, false));
            } else {
                PointRoi p = new PointRoi(e.x0(), e.y0());
                p.setName(POINT);
                p.setStrokeColor(e.positive() ? POSITIVE : NEGATIVE);
                p.setFillColor(e.positive() ? POSITIVE : NEGATIVE);
                p.setPointType(PointRoi.DOT);
                p.setSize(3);
                o.add(p);
            }
        }
        if (dragging != null) {
            o.add(box(dragging.x, dragging.y, dragging.width, dragging.height, true));
        }
        return o;
    }

    private static Roi box(float x, float y, float w, float h, boolean dashed) {
        Roi r = new Roi(x, y, w, h);
        r.setName(BOX);
        r.setStrokeColor(BOX_COLOUR);
        if (dashed) {
            r.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        } else {
            r.setStrokeWidth(1.5);
        }
        return r;
    }
}
