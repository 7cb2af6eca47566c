package com.ctec.bench.scenarios;

import com.ctec.bench.Samples;
import com.ctec.bench.Trial;
import com.ctec.bench.TrialResults;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;

import java.util.Map;

/**
 * The table every throughput scenario prints: median rate, spread, ratio to a reference, and the
 * CPU each message cost in the client JVM and in the broker (medians), which explain the rates.
 */
final class ThroughputTable {
    private ThroughputTable() {
    }

    static Section fill(Section section, Map<Trial, TrialResults> results, String referenceName, double reference) {
        Table table = new Table("contender", "median msg/s", "min–max", "× " + referenceName, "rounds", "messages",
                "client CPU µs/msg", "broker CPU µs/msg", "switches/msg");
        for (Map.Entry<Trial, TrialResults> entry : results.entrySet()) {
            Trial trial = entry.getKey();
            Samples rate = entry.getValue().rate();
            table.row(trial.label(), rate(rate.median()), rate(rate.min()) + "–" + rate(rate.max()), ratio(rate.median(), reference),
                    rate.count() + (rate.refused().isEmpty() ? "" : " (+" + rate.refused().size() + " refused)"),
                    String.format("%,d", trial.messages()), decimal(entry.getValue().clientMicros().median()),
                    decimal(entry.getValue().brokerMicros().median()), decimal(entry.getValue().switches().median()));
            section.bar(trial.label(), rate.median(), rate.min(), rate.max());
            for (String why : rate.refused()) {
                section.note("Refused round of " + trial.label() + ": " + why + ".");
            }
        }
        return section.table(table);
    }

    static String rate(double value) {
        return Double.isNaN(value) ? "–" : String.format("%,.0f", value);
    }

    static String decimal(double value) {
        return Double.isNaN(value) ? "–" : String.format("%.1f", value);
    }

    static String ratio(double value, double reference) {
        return Double.isNaN(value) || Double.isNaN(reference) || reference <= 0 ? "–" : String.format("%.2f", value / reference);
    }

    static double best(Map<Trial, TrialResults> results, String labelPrefix) {
        return results.entrySet().stream().filter(e -> e.getKey().label().startsWith(labelPrefix))
                .mapToDouble(e -> e.getValue().rate().median()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /**
     * The scenario 1 figure a target is a ratio to: taken from the reference trial that ran in this
     * scenario's own alternation (same minutes, same noise), else from scenario 1's run.
     */
    static double reference(Map<Trial, TrialResults> results, Trial referenceTrial, Context context, String figure) {
        double inRun = median(results, referenceTrial);
        return Double.isNaN(inRun) ? context.figure(figure) : inRun;
    }

    static double brokerMicros(Map<Trial, TrialResults> results, Trial trial) {
        TrialResults samples = results.get(trial);
        return samples == null ? Double.NaN : samples.brokerMicros().median();
    }

    static double median(Map<Trial, TrialResults> results, Trial trial) {
        TrialResults samples = results.get(trial);
        return samples == null ? Double.NaN : samples.rate().median();
    }
}
