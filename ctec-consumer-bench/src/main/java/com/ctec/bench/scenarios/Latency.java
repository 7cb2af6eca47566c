package com.ctec.bench.scenarios;

import com.ctec.bench.Alternation;
import com.ctec.bench.Contender;
import com.ctec.bench.LatencyRound;
import com.ctec.bench.Samples;
import com.ctec.bench.contenders.CtecContender;
import com.ctec.bench.contenders.RawAckEach;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;
import com.ctec.bench.report.Target;

import java.util.List;

/**
 * Scenario 5: end-to-end latency at a steady 2,000 msg/s, well below every contender's capacity.
 * Each ctec configuration runs side by side with the raw client (same publisher, same moments), and
 * the pairs alternate round by round; the target is judged on the paired p99 difference.
 */
public final class Latency implements Scenario {
    private static final int RATE = 2_000;

    /** One ctec configuration and the raw loop it is paired with; p50, p99, max, raw p99, p99 difference. */
    private record Pair(Contender ctec, Contender raw, Samples[] samples) {
        Pair(Contender ctec) {
            this(ctec, new RawAckEach(250), new Samples[] {new Samples(), new Samples(), new Samples(), new Samples(), new Samples()});
        }
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String title() {
        return "5. Latency at a steady 2,000 msg/s";
    }

    @Override
    public List<Section> run(Context context) throws Exception {
        int seconds = context.options().latencySeconds();
        List<Pair> pairs = List.of(new Pair(CtecContender.threads(250, 5)), new Pair(CtecContender.virtualThreads(500)),
                new Pair(CtecContender.threads(30, 5).named("ctec THREADS defaults (prefetch 30/5 threads)")));
        measure(context, pairs, seconds);

        Table table = new Table("contender (each beside raw ack-each prefetch 250)", "p50 µs", "p99 µs", "max µs",
                "raw p99 µs", "p99 − raw p99 µs (min–max)", "rounds");
        Section section = new Section(title(), String.format("""
                A publisher thread sends %,d persistent 100-byte messages per second to each queue for %d s per round (paced
                with LockSupport.parkNanos, no confirms), each stamped with System.nanoTime() just before basicPublish; the worker
                reads System.nanoTime() on arrival (same JVM: one clock). Each ctec configuration runs at the same time as a raw
                amqp-client loop (ack each, prefetch 250) fed by the same publisher, so a hiccup of the shared machine hits both;
                pairs alternate round by round. The first tenth of each round is warm-up. Medians across rounds.
                Target: ctec p99 within 1 ms of the raw client's (paired difference).""", RATE, seconds));
        for (Pair pair : pairs) {
            Samples[] s = pair.samples();
            table.row(pair.ctec().name(), format(s[0].median()), format(s[1].median()), format(s[2].median()), format(s[3].median()),
                    format(s[4].median()) + " (" + format(s[4].min()) + "–" + format(s[4].max()) + ")", s[0].count());
            section.bar(pair.ctec().name() + " p99", s[1].median(), s[1].min(), s[1].max());
            section.bar("  beside it: raw ack-each p99", s[3].median(), s[3].min(), s[3].max());
            s[0].refused().forEach(why -> section.note("Refused round of " + pair.ctec().name() + ": " + why + "."));
        }
        section.barUnit("µs, lower is better");
        section.table(table);
        double difference = pairs.get(0).samples()[4].median();
        section.target(new Target("5", "ctec p99 ≤ raw p99 + 1 ms (THREADS 250/5, paired)",
                Double.isNaN(difference) ? "n/a" : String.format(
                        "median paired difference %+,.0f µs (median p99s %,.0f vs %,.0f µs)", difference,
                        pairs.get(0).samples()[1].median(), pairs.get(0).samples()[3].median()),
                Double.isNaN(difference) ? null : difference <= 1_000));
        return List.of(section);
    }

    private static void measure(Context context, List<Pair> pairs, int seconds) throws Exception {
        LatencyRound round = new LatencyRound(context.broker());
        for (Pair pair : pairs) {
            try {
                round.run(List.of(pair.ctec(), pair.raw()), RATE, 1);
            } catch (Exception e) {
                context.progress().line("  warm-up  %-50s refused: %s", pair.ctec().name(), Alternation.describe(e));
            }
        }
        int rounds = context.options().rounds();
        for (int r = 1; r <= rounds; r++) {
            for (Pair pair : pairs) {
                Samples[] s = pair.samples();
                try {
                    List<LatencyRound.Result> results = round.run(List.of(pair.ctec(), pair.raw()), RATE, seconds);
                    LatencyRound.Result ctec = results.get(0);
                    LatencyRound.Result raw = results.get(1);
                    s[0].add(ctec.p50());
                    s[1].add(ctec.p99());
                    s[2].add(ctec.max());
                    s[3].add(raw.p99());
                    s[4].add(ctec.p99() - raw.p99());
                    context.progress().line("  round %d/%d  %-46s p50 %,7.0f µs  p99 %,7.0f µs  max %,7.0f µs | raw p50 %,7.0f p99 %,7.0f µs",
                            r, rounds, pair.ctec().name(), ctec.p50(), ctec.p99(), ctec.max(), raw.p50(), raw.p99());
                } catch (Exception e) {
                    s[0].refuse(Alternation.describe(e));
                    context.progress().line("  round %d/%d  %-46s REFUSED: %s", r, rounds, pair.ctec().name(), Alternation.describe(e));
                }
            }
        }
    }

    private static String format(double micros) {
        return Double.isNaN(micros) ? "–" : String.format("%,.0f", micros);
    }
}
