package org.samtune.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the key listings (key TAB shape TAB dtype [TAB numel]) in src/test/resources/keys and the fixtures. */
final class KeyListings {
    private KeyListings() {}

    /** A whole listing file (lines starting with '#' skipped). */
    static Map<String, long[]> shapes(Path file) {
        return parse(lines(file), null);
    }

    /** One '### (x) ...' section of finetune-sam-variants.txt, e.g. section "(b)". */
    static Map<String, long[]> section(Path file, String tag) {
        return parse(lines(file), "### " + tag + " ");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, long[]> parse(List<String> lines, String sectionStart) {
        Map<String, long[]> out = new LinkedHashMap<>();
        boolean inside = sectionStart == null;
        for (String line : lines) {
            if (sectionStart != null && line.startsWith("### (")) {
                inside = line.startsWith(sectionStart);
                continue;
            }
            if (!inside || line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.put(f[0], parseShape(f.length > 1 ? f[1] : ""));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no keys " + (sectionStart == null ? "" : "in section " + sectionStart));
        }
        return out;
    }

    /** "(1, 64, 64, 768)", "(256,)", "()", "1x64x64x768", "256", "scalar" or "" (0-d). */
    static long[] parseShape(String s) {
        String t = s.replace("(", "").replace(")", "").replace("scalar", "").trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split("[,x]");
        return java.util.Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToLong(Long::parseLong).toArray();
    }
}
