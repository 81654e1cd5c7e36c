package org.samtune.fiji;

import ij.measure.ResultsTable;
import org.samtune.eval.MetricsTable;
import org.samtune.eval.SummaryStatistics;

/**
 * metrics.csv and summary.csv as ImageJ results tables (same columns, same rows, same order), so
 * that they can be shown, saved or read by macros with getResult/getResultString.
 */
public final class EvaluationTables {
    public static final String METRICS_TITLE = "SAM Tune metrics";
    public static final String SUMMARY_TITLE = "SAM Tune summary";

    private EvaluationTables() {}

    public static ResultsTable metrics(MetricsTable table) {
        ResultsTable rt = new ResultsTable();
        for (MetricsTable.Row row : table.rows()) {
            rt.incrementCounter();
            rt.addValue("model", row.model());
            rt.addValue("case", row.caseName());
            rt.addValue("slice", row.slice());
            rt.addValue("class", row.cls());
            for (String m : MetricsTable.METRICS) {
                rt.addValue(m, row.metric(m));
            }
        }
        rt.setDecimalPlaces(rt.getColumnIndex("class"), 0);
        return rt;
    }

    public static ResultsTable summary(java.util.List<SummaryStatistics.Group> groups) {
        ResultsTable rt = new ResultsTable();
        for (SummaryStatistics.Group g : groups) {
            SummaryStatistics.Stats s = g.stats();
            rt.incrementCounter();
            rt.addValue("model", g.model());
            rt.addValue("class", g.cls());
            rt.addValue("level", g.level());
            rt.addValue("metric", g.metric());
            rt.addValue("n", s.n());
            rt.addValue("n_nan", s.nNaN());
            rt.addValue("mean", s.mean());
            rt.addValue("std", s.std());
            rt.addValue("median", s.median());
            rt.addValue("ci_low", s.ciLow());
            rt.addValue("ci_high", s.ciHigh());
        }
        return rt;
    }
}
