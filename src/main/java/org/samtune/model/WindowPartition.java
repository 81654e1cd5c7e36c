package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Splits a BHWC token grid into non-overlapping ws×ws windows and back. The grid is zero-padded at the
 * bottom and right up to a multiple of ws (64 -> 70 for ws = 14), as in SAM; the padded tokens take part
 * in windowed attention unmasked, exactly like the reference.
 */
public final class WindowPartition {
    private WindowPartition() {}

    /** Padded grid extent: the smallest multiple of ws that holds n tokens. */
    public static long padded(long n, int ws) {
        return (n + ws - 1) / ws * ws;
    }

    /** x: (B, H, W, C) -> (B·nWin, ws, ws, C), windows in row-major order of the padded grid. */
    public static NDArray partition(NDArray x, int ws) {
        Shape s = x.getShape();
        long b = s.get(0), h = s.get(1), w = s.get(2), c = s.get(3);
        long hp = padded(h, ws), wp = padded(w, ws);
        NDArray xp = x;
        if (hp != h || wp != w) {
            // torch F.pad order: last axis first (C: 0,0; W: 0,wp-w; H: 0,hp-h)
            xp = x.pad(new Shape(0, 0, 0, wp - w, 0, hp - h), 0);
        }
        return xp.reshape(b, hp / ws, ws, wp / ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, ws, ws, c);
    }

    /**
     * windows: (B·nWin, ws, ws, C) -> (B, H, W, C), dropping the padding. When padding was added the
     * result is a strided view of the reassembled padded grid.
     */
    public static NDArray unpartition(NDArray windows, int ws, long b, long h, long w) {
        long c = windows.getShape().get(3);
        long hp = padded(h, ws), wp = padded(w, ws);
        NDArray grid = windows.reshape(b, hp / ws, wp / ws, ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, hp, wp, c);
        if (hp == h && wp == w) {
            return grid;
        }
        return grid.get(new NDIndex(":, :{}, :{}, :", h, w));
    }
}
