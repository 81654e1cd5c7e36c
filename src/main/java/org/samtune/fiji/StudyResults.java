package org.samtune.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.samtune.eval.Csv;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A study's files as ImageJ objects: study.csv as a results table (same columns, rows and order; text columns as
 * text, the others as numbers, an empty Dice cell as NaN) so macros can read it with getResult/getResultString, and
 * study.png as an image.
 */
public final class StudyResults {
    public static final String TABLE_TITLE = "SAM Tune study";
    public static final String CHART_TITLE = "SAM Tune study chart";
    /** study.csv's text columns (see {@link org.samtune.engine.StudyTable}); every other column is a number. */
    public static final Set<String> TEXT_COLUMNS = Set.of("strategy", "name", "method", "components", "status", "level",
            "error");

    private StudyResults() {}

    public static ResultsTable table(Path studyCsv) throws IOException {
        return fill(new ResultsTable(), studyCsv);
    }

    /** Replaces the contents of {@code rt} (e.g. ImageJ's system "Results" table) with study.csv. */
    public static ResultsTable fill(ResultsTable rt, Path studyCsv) throws IOException {
        List<String> lines = Files.readAllLines(studyCsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(studyCsv + " is empty");
        }
        List<String> head = Csv.split(lines.get(0));
        rt.reset();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() != head.size()) {
                throw new IOException(studyCsv + ": " + f.size() + " fields instead of " + head.size() + " in: " + line);
            }
            rt.incrementCounter();
            for (int i = 0; i < head.size(); i++) {
                String col = head.get(i);
                if (TEXT_COLUMNS.contains(col)) {
                    rt.addValue(col, f.get(i));
                } else {
                    rt.addValue(col, Csv.parseNumber(f.get(i)));
                }
            }
        }
        return rt;
    }

    /** study.png as an image; null when it was not written (the study failed before it). */
    public static ImagePlus chart(Path png) throws IOException {
        if (!Files.isRegularFile(png)) {
            return null;
        }
        // read with ImageIO: ImageJ's own PNG opener needs a display
        BufferedImage img = ImageIO.read(png.toFile());
        return img == null ? null : new ImagePlus(CHART_TITLE, img);
    }
}
