package org.samtune.engine;

import org.samtune.io.IntensityMapping;
import org.samtune.io.NiftiSliceSource;
import org.samtune.train.FolderPairs;
import org.samtune.train.ListFile;
import org.samtune.train.SliceSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The three forms labelled data takes on the command line and in dialogs, opened as 2-D samples: a
 * finetune-SAM list file (image,mask rows), a folder with {@code images/} and {@code masks/} (pairs
 * matched by file name), or a folder of NIfTI volumes ({@code imagesTr/}+{@code labelsTr/} or
 * {@code images/}+{@code labels/}) cut into slices.
 */
public final class DataSources {
    private DataSources() {}

    /** True when {@code data} is a folder of NIfTI volumes rather than 2-D pairs. */
    public static boolean isVolumeFolder(Path data) {
        if (!Files.isDirectory(data)) {
            return false;
        }
        if (Files.isDirectory(data.resolve("imagesTr")) && Files.isDirectory(data.resolve("labelsTr"))) {
            return true;
        }
        return Files.isDirectory(data.resolve("images")) && Files.isDirectory(data.resolve("labels"))
                && !Files.isDirectory(data.resolve("masks"));
    }

    /**
     * 2-D pairs from a list file or an images/masks folder. Roots default to the folder the list's paths
     * resolve against ({@link #findRoot}).
     */
    public static SliceSource openPairs(Path data, Path imageRoot, Path maskRoot, Consumer<String> log) throws IOException {
        return openPairs(data, imageRoot, maskRoot, IntensityMapping.auto(), log);
    }

    /** 2-D pairs whose images go through {@code intensity} ({@code auto}: as finetune-SAM reads them). */
    public static SliceSource openPairs(Path data, Path imageRoot, Path maskRoot, IntensityMapping intensity,
                                        Consumer<String> log) throws IOException {
        if (Files.isRegularFile(data)) {
            List<ListFile.Entry> entries = ListFile.read(data);
            if (entries.isEmpty()) {
                throw new IOException(data + ": the list holds no image,mask row");
            }
            Path ir = imageRoot != null ? imageRoot : findRoot(data, entries.get(0).imagePath());
            Path mr = maskRoot != null ? maskRoot : findRoot(data, entries.get(0).maskPath());
            log.accept("list " + data + ": " + entries.size() + " pairs, image root " + ir + ", mask root " + mr);
            return ListFile.source(data, ir, mr).withIntensity(intensity);
        }
        if (Files.isDirectory(data)) {
            FolderPairs.Result found = FolderPairs.scan(data);
            for (Path p : found.unmatchedImages()) {
                log.accept("warning: " + p + ": image without a mask, ignored");
            }
            for (Path p : found.unmatchedMasks()) {
                log.accept("warning: " + p + ": mask without an image, ignored");
            }
            return found.source().withIntensity(intensity);
        }
        throw new IOException(data + " is neither a list file nor a folder");
    }

    /** Any of the three forms; NIfTI volumes are sliced along z with finetune-SAM's per-slice intensity mapping. */
    public static SliceSource open(Path data, Path imageRoot, Path maskRoot, Consumer<String> log) throws IOException {
        return open(data, imageRoot, maskRoot, IntensityMapping.auto(), log);
    }

    /**
     * Any of the three forms with an intensity mapping: volumes are sliced along z and mapped with the volume's
     * statistics ({@link IntensityMapping#forVolume}; {@code auto} = finetune-SAM's per-slice min-max), 2-D images
     * per image ({@code auto} = PIL's conversion, as finetune-SAM).
     */
    public static SliceSource open(Path data, Path imageRoot, Path maskRoot, IntensityMapping intensity,
                                   Consumer<String> log) throws IOException {
        if (isVolumeFolder(data)) {
            return NiftiSliceSource.open(data, new NiftiSliceSource.Options().mapping(intensity).warn(log));
        }
        return openPairs(data, imageRoot, maskRoot, intensity, log);
    }

    /**
     * The folder that {@code relative} (a path written in the list) resolves against: the list's folder or the
     * first ancestor (up to three levels) where the file exists; the list's folder when none does.
     */
    public static Path findRoot(Path list, String relative) {
        Path dir = list.toAbsolutePath().getParent();
        for (Path d = dir; d != null && dir.getNameCount() - d.getNameCount() <= 3; d = d.getParent()) {
            if (Files.exists(d.resolve(relative))) {
                return d;
            }
        }
        return dir;
    }
}
