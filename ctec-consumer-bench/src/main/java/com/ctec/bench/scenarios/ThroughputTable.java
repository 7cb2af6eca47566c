package com.ctec.bench.scenarios;

import com.ctec.bench.Samples;
import com.ctec.bench.Trial;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;

import java.util.Map;

/** The table every throughput scenario prints: median, spread, valid rounds, ratio to a reference. */
final class ThroughputTable {
    private ThroughputTable() {
    }

    static Section fill(Section section, Map<Trial, Samples> results, String referenceName, double reference) {
        Table table = new Table("contender", "median msg/s", "min–max", "rounds", "messages", "× " + referenceName);
        for (Map.Entry<Trial, Samples> entry : results.entrySet()) {
            Trial trial = entry.getKey();
            Samples samples = entry.getValue();
            table.row(trial.label(), rate(samples.median()), rate(samples.min()) + "–" + rate(samples.max()),
                    samples.count() + (samples.refused().isEmpty() ? "" : " (+" + samples.refused().size() + " refused)"),
                    String.format("%,d", trial.messages()), ratio(samples.median(), reference));
            section.bar(trial.label(), samples.median(), samples.min(), samples.max());
            for (String why : samples.refused()) {
                section.note("Refused round of " + trial.label() + ": " + why + ".");
            }
        }
        return section.table(table);
    }

    static String rate(double value) {
        return Double.isNaN(value) ? "–" : String.format("%,.0f", value);
    }

    static String ratio(double value, double reference) {
        return Double.isNaN(value) || Double.isNaN(reference) || reference <= 0 ? "–" : String.format("%.2f", value / reference);
    }

    static double best(Map<Trial, Samples> results, String labelPrefix) {
        return results.entrySet().stream().filter(e -> e.getKey().label().startsWith(labelPrefix))
                .mapToDouble(e -> e.getValue().median()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    static double median(Map<Trial, Samples> results, Trial trial) {
        Samples samples = results.get(trial);
        return samples == null ? Double.NaN : samples.median();
    }
}
