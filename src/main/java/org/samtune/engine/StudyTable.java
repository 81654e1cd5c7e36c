package org.samtune.engine;

import org.samtune.checkpoint.AtomicFiles;
import org.samtune.eval.Csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code study.csv}: one row per strategy (and one for the zero-shot base model), with the columns
 * <pre>
 * strategy,name,method,components,status,trainable_parameters,total_parameters,training_seconds,epochs,
 * best_val_dice,level,class1_n,class1_dice_mean,class1_dice_ci_low,class1_dice_ci_high,[class2_...,]error
 * </pre>
 * status is {@code ok}, {@code failed}, {@code cancelled} or {@code skipped}. The Dice columns are the test set's
 * summary.csv values (mean and 95 % bootstrap interval of the per-image/slice Dice, or of the per-volume Dice when
 * the test set holds volumes: {@code level}); they are empty for a strategy that was not evaluated. NaN is written
 * {@code nan}, numbers round-trip exactly (as in summary.csv).
 */
public final class StudyTable {
    /** Mean Dice of one class with its interval and the number of values. */
    public record Dice(int n, double mean, double ciLow, double ciHigh) {}

    /** One strategy's line. {@code dice} maps class id to its Dice; empty when not evaluated. */
    public record Row(String strategy, String name, String method, String components, String status,
                      long trainableParameters, long totalParameters, double trainingSeconds, int epochs,
                      double bestValDice, String level, Map<Integer, Dice> dice, String error) {
        public boolean ok() {
            return status.equals(StudyJob.OK);
        }
    }

    private static final List<String> FIXED = List.of("strategy", "name", "method", "components", "status",
            "trainable_parameters", "total_parameters", "training_seconds", "epochs", "best_val_dice", "level");

    private StudyTable() {}

    /** The classes that have Dice columns: every class any row was scored on, ascending. */
    static List<Integer> classes(List<Row> rows) {
        TreeSet<Integer> c = new TreeSet<>();
        rows.forEach(r -> c.addAll(r.dice().keySet()));
        return new ArrayList<>(c);
    }

    public static String header(List<Integer> classes) {
        StringBuilder sb = new StringBuilder(String.join(",", FIXED));
        for (int c : classes) {
            String p = ",class" + c + "_";
            sb.append(p).append("n").append(p).append("dice_mean").append(p).append("dice_ci_low").append(p)
                    .append("dice_ci_high");
        }
        return sb.append(",error").toString();
    }

    /** Writes the table atomically. */
    public static void write(List<Row> rows, Path file) throws IOException {
        List<Integer> classes = classes(rows);
        StringBuilder sb = new StringBuilder(header(classes)).append('\n');
        for (Row r : rows) {
            sb.append(Csv.field(r.strategy())).append(',').append(Csv.field(r.name())).append(',')
                    .append(Csv.field(r.method())).append(',').append(Csv.field(r.components())).append(',')
                    .append(r.status()).append(',').append(r.trainableParameters()).append(',')
                    .append(r.totalParameters()).append(',').append(Csv.number(r.trainingSeconds())).append(',')
                    .append(r.epochs()).append(',').append(Csv.number(r.bestValDice())).append(',')
                    .append(r.level());
            for (int c : classes) {
                Dice d = r.dice().get(c);
                if (d == null) {
                    sb.append(",,,,");
                } else {
                    sb.append(',').append(d.n()).append(',').append(Csv.number(d.mean())).append(',')
                            .append(Csv.number(d.ciLow())).append(',').append(Csv.number(d.ciHigh()));
                }
            }
            sb.append(',').append(Csv.field(r.error().replace('\r', ' ').replace('\n', ' '))).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads a table written by {@link #write}. */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        List<String> head = Csv.split(lines.get(0));
        if (!head.subList(0, FIXED.size()).equals(FIXED) || !head.get(head.size() - 1).equals("error")
                || (head.size() - FIXED.size() - 1) % 4 != 0) {
            throw new IOException(file + ": not a study table (header " + lines.get(0) + ")");
        }
        List<Integer> classes = new ArrayList<>();
        for (int i = FIXED.size(); i < head.size() - 1; i += 4) {
            String h = head.get(i);
            classes.add(Integer.parseInt(h.substring("class".length(), h.length() - "_n".length())));
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() != head.size()) {
                throw new IOException(file + ": " + f.size() + " fields instead of " + head.size() + " in: " + line);
            }
            Map<Integer, Dice> dice = new LinkedHashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                int i = FIXED.size() + 4 * k;
                if (!f.get(i).isEmpty()) {
                    dice.put(classes.get(k), new Dice(Integer.parseInt(f.get(i)), Csv.parseNumber(f.get(i + 1)),
                            Csv.parseNumber(f.get(i + 2)), Csv.parseNumber(f.get(i + 3))));
                }
            }
            rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), Long.parseLong(f.get(5)),
                    Long.parseLong(f.get(6)), Csv.parseNumber(f.get(7)), Integer.parseInt(f.get(8)),
                    Csv.parseNumber(f.get(9)), f.get(10), dice, f.get(head.size() - 1)));
        }
        return rows;
    }
}
