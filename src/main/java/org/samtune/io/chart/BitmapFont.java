package org.samtune.io.chart;

/**
 * A 5 × 7 pixel font for printable ASCII (32..126), defined here so that text needs neither fonts nor Java2D. Each
 * glyph is a cell 5 pixels wide and 9 rows high: rows 0..6 stand on the baseline (capitals and digits fill them all,
 * lower case rows 2..6), rows 7..8 hang below it (descenders of g, j, p, q, y and the comma). One column of space
 * separates glyphs. Characters outside the table are drawn as an outlined box. Bold text repeats every pixel one
 * column to the right.
 */
final class BitmapFont {
    /** Rows above the baseline. */
    static final int ASCENT = 7;
    /** Rows below the baseline. */
    static final int DESCENT = 2;
    static final int GLYPH_WIDTH = 5;
    private static final int ROWS = ASCENT + DESCENT;
    private static final int FIRST = 32;
    /** GLYPHS[c - FIRST][row][column], row 0 at the top of the cell. */
    private static final boolean[][][] GLYPHS = new boolean[127 - FIRST][][];
    private static final boolean[][] MISSING = parse('?', "##### #...# #...# #...# #...# #...# #####");

    static {
        define(' ', "..... ..... ..... ..... ..... ..... .....");
        define('!', "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..");
        define('"', ".#.#. .#.#. .#.#. ..... ..... ..... .....");
        define('#', ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.");
        define('$', "..#.. .#### #.#.. .###. ..#.# ####. ..#..");
        define('%', "##... ##..# ...#. ..#.. .#... #..## ...##");
        define('&', ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#");
        define('\'', "..#.. ..#.. .#... ..... ..... ..... .....");
        define('(', "...#. ..#.. .#... .#... .#... ..#.. ...#.");
        define(')', ".#... ..#.. ...#. ...#. ...#. ..#.. .#...");
        define('*', "..... ..#.. #.#.# .###. #.#.# ..#.. .....");
        define('+', "..... ..#.. ..#.. ##### ..#.. ..#.. .....");
        define(',', "..... ..... ..... ..... ..... .##.. ..#.. .#... .....");
        define('-', "..... ..... ..... .###. ..... ..... .....");
        define('.', "..... ..... ..... ..... ..... .##.. .##..");
        define('/', "..... ....# ...#. ..#.. .#... #.... .....");
        define('0', ".###. #...# #..## #.#.# ##..# #...# .###.");
        define('1', "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.");
        define('2', ".###. #...# ....# ...#. ..#.. .#... #####");
        define('3', "##### ...#. ..#.. ...#. ....# #...# .###.");
        define('4', "...#. ..##. .#.#. #..#. ##### ...#. ...#.");
        define('5', "##### #.... ####. ....# ....# #...# .###.");
        define('6', "..##. .#... #.... ####. #...# #...# .###.");
        define('7', "##### ....# ...#. ..#.. .#... .#... .#...");
        define('8', ".###. #...# #...# .###. #...# #...# .###.");
        define('9', ".###. #...# #...# .#### ....# ...#. .##..");
        define(':', "..... .##.. .##.. ..... .##.. .##.. .....");
        define(';', "..... .##.. .##.. ..... .##.. ..#.. .#...");
        define('<', "...#. ..#.. .#... #.... .#... ..#.. ...#.");
        define('=', "..... ..... ##### ..... ##### ..... .....");
        define('>', ".#... ..#.. ...#. ....# ...#. ..#.. .#...");
        define('?', ".###. #...# ....# ...#. ..#.. ..... ..#..");
        define('@', ".###. #...# ....# .##.# #.#.# #.#.# .###.");
        define('A', ".###. #...# #...# ##### #...# #...# #...#");
        define('B', "####. #...# #...# ####. #...# #...# ####.");
        define('C', ".###. #...# #.... #.... #.... #...# .###.");
        define('D', "###.. #..#. #...# #...# #...# #..#. ###..");
        define('E', "##### #.... #.... ####. #.... #.... #####");
        define('F', "##### #.... #.... ####. #.... #.... #....");
        define('G', ".###. #...# #.... #.### #...# #...# .####");
        define('H', "#...# #...# #...# ##### #...# #...# #...#");
        define('I', ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.");
        define('J', "..### ...#. ...#. ...#. ...#. #..#. .##..");
        define('K', "#...# #..#. #.#.. ##... #.#.. #..#. #...#");
        define('L', "#.... #.... #.... #.... #.... #.... #####");
        define('M', "#...# ##.## #.#.# #.#.# #...# #...# #...#");
        define('N', "#...# #...# ##..# #.#.# #..## #...# #...#");
        define('O', ".###. #...# #...# #...# #...# #...# .###.");
        define('P', "####. #...# #...# ####. #.... #.... #....");
        define('Q', ".###. #...# #...# #...# #.#.# #..#. .##.#");
        define('R', "####. #...# #...# ####. #.#.. #..#. #...#");
        define('S', ".#### #.... #.... .###. ....# ....# ####.");
        define('T', "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..");
        define('U', "#...# #...# #...# #...# #...# #...# .###.");
        define('V', "#...# #...# #...# #...# #...# .#.#. ..#..");
        define('W', "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.");
        define('X', "#...# #...# .#.#. ..#.. .#.#. #...# #...#");
        define('Y', "#...# #...# #...# .#.#. ..#.. ..#.. ..#..");
        define('Z', "##### ....# ...#. ..#.. .#... #.... #####");
        define('[', ".###. .#... .#... .#... .#... .#... .###.");
        define('\\', "..... #.... .#... ..#.. ...#. ....# .....");
        define(']', ".###. ...#. ...#. ...#. ...#. ...#. .###.");
        define('^', "..#.. .#.#. #...# ..... ..... ..... .....");
        define('_', "..... ..... ..... ..... ..... ..... #####");
        define('`', ".#... ..#.. ..... ..... ..... ..... .....");
        define('a', "..... ..... .###. ....# .#### #...# .####");
        define('b', "#.... #.... #.##. ##..# #...# #...# ####.");
        define('c', "..... ..... .###. #.... #.... #...# .###.");
        define('d', "....# ....# .##.# #..## #...# #...# .####");
        define('e', "..... ..... .###. #...# ##### #.... .###.");
        define('f', "..##. .#..# .#... ###.. .#... .#... .#...");
        define('g', "..... ..... .#### #...# #...# #...# .#### ....# .###.");
        define('h', "#.... #.... #.##. ##..# #...# #...# #...#");
        define('i', "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.");
        define('j', "...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..");
        define('k', "#.... #.... #..#. #.#.. ##... #.#.. #..#.");
        define('l', ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.");
        define('m', "..... ..... ##.#. #.#.# #.#.# #...# #...#");
        define('n', "..... ..... #.##. ##..# #...# #...# #...#");
        define('o', "..... ..... .###. #...# #...# #...# .###.");
        define('p', "..... ..... ####. #...# #...# #...# ####. #.... #....");
        define('q', "..... ..... .#### #...# #...# #...# .#### ....# ....#");
        define('r', "..... ..... #.##. ##..# #.... #.... #....");
        define('s', "..... ..... .###. #.... .###. ....# ####.");
        define('t', ".#... .#... ###.. .#... .#... .#..# ..##.");
        define('u', "..... ..... #...# #...# #...# #..## .##.#");
        define('v', "..... ..... #...# #...# #...# .#.#. ..#..");
        define('w', "..... ..... #...# #...# #.#.# #.#.# .#.#.");
        define('x', "..... ..... #...# .#.#. ..#.. .#.#. #...#");
        define('y', "..... ..... #...# #...# #...# #...# .#### ....# .###.");
        define('z', "..... ..... ##### ...#. ..#.. .#... #####");
        define('{', "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.");
        define('|', "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..");
        define('}', ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...");
        define('~', "..... ..... .#... #.#.# ...#. ..... .....");
        for (int i = 0; i < GLYPHS.length; i++) {
            if (GLYPHS[i] == null) {
                throw new IllegalStateException("BitmapFont: no glyph for '" + (char) (i + FIRST) + "'");
            }
        }
    }

    private BitmapFont() {}

    /** The glyph of {@code c} as [row][column] (9 × 5), row 0 at the top; a box for characters outside 32..126. */
    static boolean[][] glyph(char c) {
        return c >= FIRST && c - FIRST < GLYPHS.length ? GLYPHS[c - FIRST] : MISSING;
    }

    /** Horizontal distance from one glyph's left column to the next one's. */
    static int advance(boolean bold) {
        return GLYPH_WIDTH + (bold ? 2 : 1);
    }

    /** Width of {@code s} in pixels, from its first glyph's left column to its last glyph's right column. */
    static int width(String s, boolean bold) {
        return s.isEmpty() ? 0 : s.length() * advance(bold) - 1;
    }

    /**
     * Draws {@code s} with {@code canvas.fillRect} in the canvas' colour: left end at x and baseline on row y, or with
     * {@code up} turned a quarter counter-clockwise (reading upwards from row y, baseline on column x).
     */
    static void draw(Canvas canvas, String s, int x, int y, boolean bold, boolean up) {
        int step = advance(bold);
        for (int k = 0; k < s.length(); k++) {
            boolean[][] g = glyph(s.charAt(k));
            for (int row = 0; row < ROWS; row++) {
                for (int col = 0; col < GLYPH_WIDTH; col++) {
                    if (!g[row][col]) {
                        continue;
                    }
                    // (along, across): position along the text from its start, and below the baseline
                    int along = k * step + col;
                    int across = row - ASCENT;
                    int thickness = bold ? 2 : 1;
                    if (up) {
                        canvas.fillRect(x + across, y - along - thickness + 1, 1, thickness);
                    } else {
                        canvas.fillRect(x + along, y + across, thickness, 1);
                    }
                }
            }
        }
    }

    private static void define(char c, String rows) {
        GLYPHS[c - FIRST] = parse(c, rows);
    }

    /** Rows separated by spaces, '#' = ink; 7 rows (nothing below the baseline) or 9. */
    private static boolean[][] parse(char c, String rows) {
        String[] r = rows.split(" ");
        if (r.length != ASCENT && r.length != ROWS) {
            throw new IllegalStateException("BitmapFont '" + c + "': " + r.length + " rows, expected 7 or 9");
        }
        boolean[][] g = new boolean[ROWS][GLYPH_WIDTH];
        for (int row = 0; row < r.length; row++) {
            if (r[row].length() != GLYPH_WIDTH) {
                throw new IllegalStateException("BitmapFont '" + c + "' row " + row + ": " + r[row]);
            }
            for (int col = 0; col < GLYPH_WIDTH; col++) {
                g[row][col] = r[row].charAt(col) == '#';
            }
        }
        return g;
    }
}
