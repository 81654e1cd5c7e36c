package org.samtune.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * finetune-SAM's sample lists ({@code train_img_list}/{@code val_img_list}): one
 * {@code image_rel_path,mask_rel_path} row per sample.
 *
 * <p>What the Python does, and so what this parser does:
 * <ul>
 *   <li>the file is read in text mode, so CRLF and lone CR become line breaks;</li>
 *   <li>{@code content.strip().split('\n')}: leading/trailing blank lines are dropped;</li>
 *   <li>{@code line.split(',')} must give exactly two fields (a tab-separated file, as shown in finetune-SAM's
 *       README, fails there too; here with a clear message);</li>
 *   <li>both fields are whitespace-stripped; one leading {@code /} is removed from the mask path only;</li>
 *   <li>paths are joined with {@code os.path.join(img_folder, img)} / {@code (mask_folder, mask)}, so an image path
 *       that starts with {@code /} stays absolute ({@link Path#resolve} behaves the same way).</li>
 * </ul>
 * One leniency: blank lines between rows are skipped (Python would crash on them); no valid finetune-SAM list
 * reads differently because of it.
 */
public final class ListFile {

    /** One row: paths as written (image stripped, mask stripped and without its leading '/'). */
    public record Entry(int lineNumber, String imagePath, String maskPath) {

        public Path image(Path imageRoot) {
            return imageRoot.resolve(imagePath);
        }

        public Path mask(Path maskRoot) {
            return maskRoot.resolve(maskPath);
        }
    }

    /** A malformed row, with its 1-based line number. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    private ListFile() {}

    /** Reads a list file (UTF-8). */
    public static List<Entry> read(Path listFile) throws IOException {
        return parse(Files.readString(listFile, StandardCharsets.UTF_8), listFile.toString());
    }

    /** Parses list content; {@code sourceName} is only used in error messages. */
    public static List<Entry> parse(String content, String sourceName) throws FormatException {
        String text = content.replace("\r\n", "\n").replace('\r', '\n');
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a BOM would otherwise end up in the first image path
        }
        String[] lines = text.split("\n", -1);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (parts.length != 2) {
                String hint = line.indexOf('\t') >= 0 ? " (tab found: finetune-SAM lists are comma separated)" : "";
                throw new FormatException(sourceName + ":" + (i + 1) + ": expected 'image,mask', got "
                        + parts.length + " comma-separated fields" + hint + ": " + line.strip());
            }
            String img = parts[0].strip();
            String msk = parts[1].strip();
            if (msk.startsWith("/")) {
                msk = msk.substring(1);
            }
            if (img.isEmpty() || msk.isEmpty()) {
                throw new FormatException(sourceName + ":" + (i + 1) + ": empty image or mask path: " + line.strip());
            }
            out.add(new Entry(i + 1, img, msk));
        }
        return out;
    }

    /** A source over the rows of a list file, with finetune-SAM's {@code img_folder} and {@code mask_folder}. */
    public static FileSliceSource source(Path listFile, Path imageRoot, Path maskRoot) throws IOException {
        List<FileSliceSource.Pair> pairs = new ArrayList<>();
        for (Entry e : read(listFile)) {
            pairs.add(new FileSliceSource.Pair(e.imagePath(), e.image(imageRoot), e.mask(maskRoot)));
        }
        return new FileSliceSource(pairs);
    }
}
