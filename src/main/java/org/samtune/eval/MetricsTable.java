package org.samtune.eval;

import org.samtune.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-case metrics of an evaluation, one row per (model, case, slice, class), and its CSV form
 * ({@code metrics.csv}).
 *
 * <p>CSV conventions: header {@value #HEADER}; numbers are written with {@link Double#toString} (shortest text that
 * reads back to the same double), undefined values (NaN: surface distances when a mask is empty, see
 * {@link SegmentationMetrics}) as {@code nan}; fields holding a comma or quote are quoted RFC-4180 style. The slice
 * column is empty for a 2-D image, the slice index for a slice of a volume and {@value #WHOLE_VOLUME} for the
 * 3-D metrics of a whole volume.
 */
public final class MetricsTable {
    public static final String HEADER = "model,case,slice,class,dice,iou,precision,recall,hd95,assd,nsd";
    /** Slice column of a row that scores a whole volume in 3-D. */
    public static final String WHOLE_VOLUME = "all";
    /** Slice column of a 2-D image. */
    public static final String NO_SLICE = "";
    /** The metric columns, in CSV order. */
    public static final List<String> METRICS = List.of("dice", "iou", "precision", "recall", "hd95", "assd", "nsd");

    /** One scored (model, case, slice, class). */
    public record Row(String model, String caseName, String slice, int cls, double dice, double iou,
                      double precision, double recall, double hd95, double assd, double nsd) {

        public static Row of(String model, String caseName, String slice, int cls, SegmentationScores s) {
            return new Row(model, caseName, slice, cls, s.dice(), s.iou(), s.precision(), s.recall(), s.hd95(),
                    s.assd(), s.nsd());
        }

        /** A metric by its column name (see {@link #METRICS}). */
        public double metric(String name) {
            return switch (name) {
                case "dice" -> dice;
                case "iou" -> iou;
                case "precision" -> precision;
                case "recall" -> recall;
                case "hd95" -> hd95;
                case "assd" -> assd;
                case "nsd" -> nsd;
                default -> throw new IllegalArgumentException("unknown metric " + name);
            };
        }

        /** True for a row that scores a whole volume in 3-D. */
        public boolean isVolume() {
            return WHOLE_VOLUME.equals(slice);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public void addAll(List<Row> more) {
        rows.addAll(more);
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Writes {@code metrics.csv} atomically. */
    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(Csv.field(r.model())).append(',').append(Csv.field(r.caseName())).append(',')
                    .append(Csv.field(r.slice())).append(',').append(r.cls());
            for (String m : METRICS) {
                sb.append(',').append(Csv.number(r.metric(m)));
            }
            sb.append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads a table written by {@link #write}. */
    public static MetricsTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a metrics table (expected the header " + HEADER + ")");
        }
        MetricsTable t = new MetricsTable();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> f = Csv.split(lines.get(i));
            if (f.size() != 11) {
                throw new IOException(file + ":" + (i + 1) + ": expected 11 fields, got " + f.size());
            }
            double[] v = new double[7];
            for (int k = 0; k < 7; k++) {
                v[k] = Csv.parseNumber(f.get(4 + k));
            }
            t.add(new Row(f.get(0), f.get(1), f.get(2), Integer.parseInt(f.get(3)), v[0], v[1], v[2], v[3], v[4],
                    v[5], v[6]));
        }
        return t;
    }
}
