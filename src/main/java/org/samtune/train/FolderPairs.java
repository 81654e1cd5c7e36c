package org.samtune.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Pairs {@code images/} and {@code masks/} folders by file name (not a finetune-SAM format: a convenience
 * for Fiji users). A mask matches an image with the same file name, else with the same name without
 * extension (image {@code a.tif}, mask {@code a.png}). Pairs are sorted by image file name; files without a
 * partner are listed so the caller can warn.
 */
public final class FolderPairs {

    private static final Set<String> IMAGE_EXT = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");

    /** The pairs found, and what was left over. */
    public record Result(FileSliceSource source, List<Path> unmatchedImages, List<Path> unmatchedMasks) {}

    private FolderPairs() {}

    /** Pairs {@code root/images} with {@code root/masks}. */
    public static Result scan(Path root) throws IOException {
        return scan(root.resolve("images"), root.resolve("masks"));
    }

    public static Result scan(Path imagesDir, Path masksDir) throws IOException {
        Map<String, Path> images = list(imagesDir);
        Map<String, Path> masks = list(masksDir);
        Map<String, Path> masksByStem = new HashMap<>();
        Map<String, Integer> stemCount = new HashMap<>();
        for (String m : masks.keySet()) {
            String stem = stem(m);
            masksByStem.put(stem, masks.get(m));
            stemCount.merge(stem, 1, Integer::sum);
        }
        List<FileSliceSource.Pair> pairs = new ArrayList<>();
        List<Path> lonelyImages = new ArrayList<>();
        Set<Path> used = new java.util.HashSet<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null && stemCount.getOrDefault(stem(e.getKey()), 0) == 1) {
                mask = masksByStem.get(stem(e.getKey()));
            }
            if (mask == null || used.contains(mask)) {
                lonelyImages.add(e.getValue());
            } else {
                used.add(mask);
                pairs.add(new FileSliceSource.Pair(e.getKey(), e.getValue(), mask));
            }
        }
        List<Path> lonelyMasks = masks.values().stream().filter(p -> !used.contains(p)).toList();
        return new Result(new FileSliceSource(pairs), lonelyImages, lonelyMasks);
    }

    private static Map<String, Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder: " + dir);
        }
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (!name.startsWith(".") && IMAGE_EXT.contains(ext)) {
                    out.put(name, p);
                }
            });
        }
        return out;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
