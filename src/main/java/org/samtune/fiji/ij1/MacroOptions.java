package org.samtune.fiji.ij1;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An ImageJ macro option string ({@code key=value key=[value with spaces] flag}) as a map, parsed
 * here rather than with GenericDialog so the plugins work without a display and from any thread
 * (ImageJ only hands options to threads named like macro threads). Keys are lower case; a flag has
 * the value "".
 */
public final class MacroOptions {
    private final Map<String, String> values = new LinkedHashMap<>();

    public MacroOptions(String options) {
        String s = options == null ? "" : options;
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            String key = s.substring(start, i).toLowerCase(Locale.ROOT);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '[') {
                    int close = s.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("Option " + key + ": '[' without ']'");
                    }
                    value = s.substring(i + 1, close);
                    i = close + 1;
                } else {
                    int v = i;
                    while (i < n && !Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    value = s.substring(v, i);
                }
            }
            values.put(key, value);
        }
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null ? fallback : v;
    }

    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + key + "=" + v + " is not a whole number");
        }
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** {@code key=value}, bracketed when the value has spaces or is empty, as the recorder writes it. */
    public static String format(String key, String value) {
        boolean bracket = value.isEmpty() || value.chars().anyMatch(Character::isWhitespace);
        return key + "=" + (bracket ? "[" + value + "]" : value);
    }
}
