package org.samtune.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pairs image and label NIfTI volumes kept in two folders, as the Medical Segmentation Decathlon does
 * ({@code imagesTr/} + {@code labelsTr/}, same file name in both). A label matches the image with the same file
 * name; failing that, the image name without an nnU-Net channel suffix ({@code case_0000.nii.gz} ->
 * {@code case.nii.gz}). Only {@code .nii} / {@code .nii.gz} files count; names starting with '.' are skipped (the
 * MSD archives hold macOS {@code ._*} resource-fork files next to every volume). Pairs are sorted by image name.
 */
public final class VolumeFolders {
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("_\\d{4}$");

    /** The pairs found and the files left without a partner. */
    public record Result(List<VolumePair> pairs, List<Path> unmatchedImages, List<Path> unmatchedLabels) {}

    private VolumeFolders() {}

    /** {@code root/imagesTr} + {@code root/labelsTr} (MSD), else {@code root/images} + {@code root/labels}. */
    public static Result scan(Path root) throws IOException {
        if (Files.isDirectory(root.resolve("imagesTr")) && Files.isDirectory(root.resolve("labelsTr"))) {
            return scan(root.resolve("imagesTr"), root.resolve("labelsTr"));
        }
        if (Files.isDirectory(root.resolve("images")) && Files.isDirectory(root.resolve("labels"))) {
            return scan(root.resolve("images"), root.resolve("labels"));
        }
        throw new IOException(root + ": expected the folders imagesTr/ and labelsTr/ (Medical Segmentation "
                + "Decathlon layout) or images/ and labels/");
    }

    public static Result scan(Path imagesDir, Path labelsDir) throws IOException {
        Map<String, Path> images = list(imagesDir);
        Map<String, Path> labels = list(labelsDir);
        Map<String, Path> labelsByCase = new TreeMap<>();
        for (Map.Entry<String, Path> e : labels.entrySet()) {
            labelsByCase.put(caseName(e.getKey()), e.getValue());
        }
        List<VolumePair> pairs = new ArrayList<>();
        List<Path> lonelyImages = new ArrayList<>();
        Set<Path> used = new HashSet<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String caseName = caseName(e.getKey());
            Path label = labels.get(e.getKey());
            if (label == null) {
                label = labelsByCase.get(CHANNEL_SUFFIX.matcher(caseName).replaceFirst(""));
            }
            if (label == null || !used.add(label)) {
                lonelyImages.add(e.getValue());
            } else {
                pairs.add(new VolumePair(caseName, e.getValue(), label));
            }
        }
        List<Path> lonelyLabels = labels.values().stream().filter(p -> !used.contains(p)).toList();
        return new Result(pairs, lonelyImages, lonelyLabels);
    }

    /** The file name without {@code .nii.gz} / {@code .nii}. */
    public static String caseName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nii.gz")) {
            return fileName.substring(0, fileName.length() - 7);
        }
        if (lower.endsWith(".nii")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        return fileName;
    }

    private static Map<String, Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder: " + dir);
        }
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!name.startsWith(".") && (lower.endsWith(".nii.gz") || lower.endsWith(".nii"))) {
                    out.put(name, p);
                }
            });
        }
        return out;
    }
}
