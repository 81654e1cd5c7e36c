package org.samtune.eval;

import java.util.ArrayList;
import java.util.List;

/** The little CSV dialect of the evaluation outputs: RFC-4180 quoting, NaN written as {@code nan}. */
public final class Csv {
    private Csv() {}

    /** A text field, quoted when it holds a comma, quote or line break. */
    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Shortest round-tripping text of a double; {@code nan} for NaN. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return Double.toString(v);
    }

    /** Inverse of {@link #number}; also accepts an empty cell as NaN. */
    public static double parseNumber(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    /** Splits one CSV line (no embedded line breaks) into fields, undoing {@link #field}'s quoting. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
