package org.samtune.io.chart;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The pure-Java renderer on cases small enough to list every inked pixel by hand. */
class RasterCanvasTest {
    private static final int WHITE = 0xffffff;
    private static final int BLACK = 0x000000;

    /** The inked (non-white) pixels as "x,y" strings. */
    private static Set<String> inked(RasterCanvas c) {
        Set<String> s = new HashSet<>();
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                if (c.rgb(x, y) != WHITE) {
                    s.add(x + "," + y);
                }
            }
        }
        return s;
    }

    private static Set<String> block(int x0, int x1, int y0, int y1) {
        Set<String> s = new HashSet<>();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                s.add(x + "," + y);
            }
        }
        return s;
    }

    private static RasterCanvas black(int w, int h) {
        RasterCanvas c = new RasterCanvas(w, h);
        c.color(Canvas.opaque(BLACK));
        return c;
    }

    @Test
    void horizontalHairlineInksExactlyItsPixels() {
        RasterCanvas c = black(16, 10);
        c.line(3, 5, 9, 5);
        assertEquals(block(3, 9, 5, 5), inked(c));
        assertEquals(BLACK, c.rgb(3, 5));
    }

    @Test
    void verticalAndDiagonalHairlines() {
        RasterCanvas c = black(12, 12);
        c.line(4, 2, 4, 6);
        assertEquals(block(4, 4, 2, 6), inked(c));
        RasterCanvas d = black(12, 12);
        d.line(1, 1, 5, 5); // 45 degrees: the diagonal pixels only (their neighbours are 0.71 px away)
        assertEquals(Set.of("1,1", "2,2", "3,3", "4,4", "5,5"), inked(d));
    }

    @Test
    void wideLineHasRoundEnds() {
        RasterCanvas c = black(16, 10);
        c.lineWidth(3);
        c.line(3, 5, 9, 5);
        // within 1.5 px of the segment: rows 4..6 of columns 3..9, and of the end columns 2 and 10 (corners 1.41 away)
        assertEquals(block(2, 10, 4, 6), inked(c));
    }

    @Test
    void rectangleOutlineAndFill() {
        RasterCanvas c = black(12, 8);
        c.drawRect(2, 1, 5, 3);
        Set<String> outline = new HashSet<>(block(2, 7, 1, 1));
        outline.addAll(block(2, 7, 4, 4));
        outline.addAll(block(2, 2, 2, 3));
        outline.addAll(block(7, 7, 2, 3));
        assertEquals(outline, inked(c));

        RasterCanvas f = black(12, 8);
        f.fillRect(1, 2, 3, 2);
        assertEquals(block(1, 3, 2, 3), inked(f));
        f.fillRect(-5, -5, 2, 2); // outside: clipped away
        f.fillRect(10, 6, 10, 10);
        Set<String> clipped = block(1, 3, 2, 3);
        clipped.addAll(block(10, 11, 6, 7));
        assertEquals(clipped, inked(f));
    }

    @Test
    void circlesAndPolygons() {
        RasterCanvas c = black(11, 11);
        c.fillCircle(5, 5, 1); // the centre and its 4 neighbours; the diagonals are 1.41 away
        assertEquals(Set.of("5,5", "4,5", "6,5", "5,4", "5,6"), inked(c));

        RasterCanvas o = black(11, 11);
        o.drawCircle(5, 5, 2); // pixels 1.5..2.5 from the centre
        Set<String> ring = inked(o);
        assertTrue(ring.containsAll(Set.of("3,5", "7,5", "5,3", "5,7", "4,3", "6,7")), ring.toString());
        assertFalse(ring.contains("5,5") || ring.contains("4,5") || ring.contains("4,4") || ring.contains("2,5"));
        assertEquals(4 + 8, ring.size()); // offsets (2, 0) at distance 2 and (2, 1) at 2.24; (2, 2) is 2.83 away
        RasterCanvas p = black(11, 11);
        p.fillPolygon(new double[] {5, 9, 5, 1}, new double[] {1, 5, 9, 5}); // a diamond, edges included
        Set<String> diamond = inked(p);
        assertEquals(1 + 3 + 5 + 7 + 9 + 7 + 5 + 3 + 1, diamond.size());
        assertTrue(diamond.containsAll(block(1, 9, 5, 5)));
        assertTrue(diamond.containsAll(block(3, 7, 3, 3)));
        assertFalse(diamond.contains("2,3"));
    }

    @Test
    void alphaBlendsOverWhatIsThere() {
        RasterCanvas c = new RasterCanvas(2, 1);
        c.color(Canvas.withAlpha(0xff0000, 128));
        c.fillRect(0, 0, 1, 1);
        // red: 255; green, blue: 255 * 127 / 255 = 127 (rounded)
        assertEquals(0xff7f7f, c.rgb(0, 0));
        assertEquals(WHITE, c.rgb(1, 0));
    }

    @Test
    void glyphPixelsSitOnTheBaseline() {
        RasterCanvas c = black(10, 14);
        c.text("1", 2, 9);
        // '1' of the font, rows 0..6 standing on the baseline (row 9): rows 2..8
        String[] one = {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."};
        Set<String> expected = new HashSet<>();
        for (int row = 0; row < one.length; row++) {
            for (int col = 0; col < 5; col++) {
                if (one[row].charAt(col) == '#') {
                    expected.add((2 + col) + "," + (2 + row));
                }
            }
        }
        assertEquals(expected, inked(c));
        assertEquals(5, c.textWidth("1"));
        assertEquals(11, c.textWidth("10"));
        assertEquals(7, c.textAscent());
    }

    @Test
    void descendersHangBelowTheBaselineAndTextTurnsUp() {
        RasterCanvas c = black(10, 14);
        c.text("y", 0, 5);
        // 'y' ends in ".###." two rows below the baseline
        assertEquals(block(1, 3, 6, 6), filterRow(inked(c), 6));
        assertFalse(inked(c).stream().anyMatch(p -> p.endsWith(",7")));

        RasterCanvas up = black(14, 10);
        up.textUp("-", 8, 9); // '-' is ".###." in glyph row 3: 4 columns left of the baseline, rows 9-1..9-3
        assertEquals(block(4, 4, 6, 8), inked(up));
    }

    @Test
    void everyPrintableCharacterHasItsOwnGlyphAndOthersABox() {
        Set<String> shapes = new HashSet<>();
        for (char ch = 33; ch < 127; ch++) {
            boolean[][] g = BitmapFont.glyph(ch);
            StringBuilder sb = new StringBuilder();
            boolean any = false;
            for (boolean[] row : g) {
                for (boolean b : row) {
                    sb.append(b ? '#' : '.');
                    any |= b;
                }
            }
            assertTrue(any, "glyph of '" + ch + "' is blank");
            shapes.add(sb.toString());
        }
        assertEquals(94, shapes.size(), "two characters share a glyph");
        boolean[][] box = BitmapFont.glyph('\u00b1');
        assertTrue(box[0][0] && box[0][4] && box[6][0] && box[6][4] && !box[3][2]);
    }

    @Test
    void finishGivesTheImage() {
        RasterCanvas c = black(4, 3);
        c.fillRect(1, 1, 1, 1);
        BufferedImage img = c.finish();
        assertEquals(4, img.getWidth());
        assertEquals(3, img.getHeight());
        assertEquals(0xff000000, img.getRGB(1, 1));
        assertEquals(0xffffffff, img.getRGB(0, 0));
    }

    private static Set<String> filterRow(Set<String> pixels, int row) {
        Set<String> s = new HashSet<>();
        for (String p : pixels) {
            if (p.endsWith("," + row)) {
                s.add(p);
            }
        }
        return s;
    }
}
