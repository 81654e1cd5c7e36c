package org.samtune.eval;

import org.samtune.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per-model, per-class summaries of a {@link MetricsTable} ({@code summary.csv}).
 *
 * <p>Rows are grouped by model, class, level ({@value #LEVEL_SLICE}: the 2-D images or the slices of volumes;
 * {@value #LEVEL_VOLUME}: the whole-volume 3-D rows) and metric. NaN values (undefined surface distances) are
 * left out of every statistic and counted in {@code n_nan}; {@code n} counts the values used.
 * <ul>
 *   <li>{@code std}: sample standard deviation (n - 1 in the denominator; NaN for n &lt; 2);</li>
 *   <li>{@code median}: numpy's default linear interpolation;</li>
 *   <li>{@code ci_low}/{@code ci_high}: 95 % percentile-bootstrap interval of the mean: {@code resamples} resamples
 *       of n values drawn with replacement ({@link SplittableRandom} seeded with {@code seed} afresh for every
 *       group, so equal data give equal intervals), then the 2.5th and 97.5th percentiles (linear interpolation)
 *       of the resample means. One value gives the interval [value, value].</li>
 * </ul>
 */
public final class SummaryStatistics {
    public static final String HEADER = "model,class,level,metric,n,n_nan,mean,std,median,ci_low,ci_high";
    public static final String LEVEL_SLICE = "slice";
    public static final String LEVEL_VOLUME = "volume";
    /** Resamples of the bootstrap unless told otherwise. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /** Statistics of one list of values. */
    public record Stats(int n, int nNaN, double mean, double std, double median, double ciLow, double ciHigh) {}

    /** One summary row. */
    public record Group(String model, int cls, String level, String metric, Stats stats) {}

    private SummaryStatistics() {}

    /** Statistics of {@code values} (NaN left out and counted). */
    public static Stats describe(double[] values, int resamples, long seed) {
        double[] v = finite(values);
        int n = v.length;
        int nNaN = values.length - n;
        if (n == 0) {
            return new Stats(0, nNaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
        double[] ci = bootstrapCi(v, resamples, seed, 0.95);
        return new Stats(n, nNaN, mean, std, Percentiles.linear(v, 50), ci[0], ci[1]);
    }

    /**
     * Percentile-bootstrap interval {low, high} of the mean of {@code values} (NaN left out) at {@code level}
     * (0.95 for 95 %).
     */
    public static double[] bootstrapCi(double[] values, int resamples, long seed, double level) {
        if (resamples < 1) {
            throw new IllegalArgumentException("need at least one bootstrap resample, got " + resamples);
        }
        double[] v = finite(values);
        int n = v.length;
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[rng.nextInt(n)];
            }
            means[b] = sum / n;
        }
        double tail = (1 - level) / 2 * 100;
        return new double[] {Percentiles.linear(means, tail), Percentiles.linear(means, 100 - tail)};
    }

    /** Summaries of every (model, class, level, metric) in the table, in order of first appearance. */
    public static List<Group> summarize(MetricsTable table, int resamples, long seed) {
        Map<String, List<MetricsTable.Row>> groups = new LinkedHashMap<>();
        for (MetricsTable.Row r : table.rows()) {
            String level = r.isVolume() ? LEVEL_VOLUME : LEVEL_SLICE;
            groups.computeIfAbsent(r.model() + "\u0000" + r.cls() + "\u0000" + level, k -> new ArrayList<>()).add(r);
        }
        List<Group> out = new ArrayList<>();
        for (List<MetricsTable.Row> rows : groups.values()) {
            MetricsTable.Row first = rows.get(0);
            String level = first.isVolume() ? LEVEL_VOLUME : LEVEL_SLICE;
            for (String m : MetricsTable.METRICS) {
                double[] v = rows.stream().mapToDouble(r -> r.metric(m)).toArray();
                out.add(new Group(first.model(), first.cls(), level, m, describe(v, resamples, seed)));
            }
        }
        return out;
    }

    /** Writes {@code summary.csv} atomically (header {@value #HEADER}, NaN as {@code nan}). */
    public static void write(List<Group> groups, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Group g : groups) {
            Stats s = g.stats();
            sb.append(Csv.field(g.model())).append(',').append(g.cls()).append(',').append(g.level()).append(',')
                    .append(g.metric()).append(',').append(s.n()).append(',').append(s.nNaN()).append(',')
                    .append(Csv.number(s.mean())).append(',').append(Csv.number(s.std())).append(',')
                    .append(Csv.number(s.median())).append(',').append(Csv.number(s.ciLow())).append(',')
                    .append(Csv.number(s.ciHigh())).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads a file written by {@link #write}. */
    public static List<Group> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a summary table (expected the header " + HEADER + ")");
        }
        List<Group> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> f = Csv.split(lines.get(i));
            if (f.size() != 11) {
                throw new IOException(file + ":" + (i + 1) + ": expected 11 fields, got " + f.size());
            }
            Stats s = new Stats(Integer.parseInt(f.get(4)), Integer.parseInt(f.get(5)), Csv.parseNumber(f.get(6)),
                    Csv.parseNumber(f.get(7)), Csv.parseNumber(f.get(8)), Csv.parseNumber(f.get(9)),
                    Csv.parseNumber(f.get(10)));
            out.add(new Group(f.get(0), Integer.parseInt(f.get(1)), f.get(2), f.get(3), s));
        }
        return out;
    }

    private static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
