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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scenario 5: end-to-end latency at a steady 2,000 msg/s, well below every contender's capacity. */
public final class Latency implements Scenario {
    private static final int RATE = 2_000;

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
        Contender raw = new RawAckEach(250);
        Contender ctec = CtecContender.threads(250, 5);
        List<Contender> contenders = List.of(ctec, CtecContender.virtualThreads(500),
                CtecContender.threads(30, 5).named("ctec THREADS defaults (prefetch 30/5 threads)"), raw);
        Map<Contender, Samples[]> results = measure(context, contenders, seconds);

        Table table = new Table("contender", "p50 µs", "p99 µs (min–max)", "max µs", "rounds");
        Section section = new Section(title(), String.format("""
                A publisher thread sends %,d persistent 100-byte messages per second for %d s per round (paced with
                LockSupport.parkNanos, no confirms), each stamped with System.nanoTime() just before basicPublish; the worker
                reads System.nanoTime() on arrival (same JVM: one clock). The first tenth of each round is warm-up.
                Medians across rounds. Target: ctec p99 within 1 ms of the raw client's.""", RATE, seconds));
        for (Map.Entry<Contender, Samples[]> entry : results.entrySet()) {
            Samples[] s = entry.getValue();
            table.row(entry.getKey().name(), format(s[0].median()), format(s[1].median()) + " (" + format(s[1].min()) + "–"
                    + format(s[1].max()) + ")", format(s[2].median()), s[0].count());
            section.bar(entry.getKey().name() + " p99", s[1].median(), s[1].min(), s[1].max());
            s[0].refused().forEach(why -> section.note("Refused round of " + entry.getKey().name() + ": " + why + "."));
        }
        section.barUnit("µs, lower is better");
        section.table(table);
        double ctecP99 = results.get(ctec)[1].median();
        double rawP99 = results.get(raw)[1].median();
        boolean measured = !Double.isNaN(ctecP99) && !Double.isNaN(rawP99);
        section.target(new Target("5", "ctec p99 ≤ raw p99 + 1 ms",
                measured ? String.format("%+,.0f µs (%,.0f vs %,.0f µs)", ctecP99 - rawP99, ctecP99, rawP99) : "n/a",
                measured ? ctecP99 - rawP99 <= 1_000 : null));
        return List.of(section);
    }

    /** Per contender: samples of p50, p99 and max, one per valid round; rounds alternate as everywhere. */
    private static Map<Contender, Samples[]> measure(Context context, List<Contender> contenders, int seconds) throws Exception {
        LatencyRound round = new LatencyRound(context.broker());
        Map<Contender, Samples[]> results = new LinkedHashMap<>();
        for (Contender contender : contenders) {
            results.put(contender, new Samples[] {new Samples(), new Samples(), new Samples()});
            try {
                round.run(contender, RATE, 1);
            } catch (Exception e) {
                context.progress().line("  warm-up  %-50s refused: %s", contender.name(), e);
            }
        }
        int rounds = context.options().rounds();
        for (int r = 1; r <= rounds; r++) {
            for (Contender contender : contenders) {
                Samples[] s = results.get(contender);
                try {
                    LatencyRound.Result result = round.run(contender, RATE, seconds);
                    s[0].add(result.p50());
                    s[1].add(result.p99());
                    s[2].add(result.max());
                    context.progress().line("  round %d/%d  %-50s p50 %,8.0f µs  p99 %,8.0f µs  max %,8.0f µs", r, rounds,
                            contender.name(), result.p50(), result.p99(), result.max());
                } catch (Exception e) {
                    s[0].refuse(Alternation.describe(e));
                    context.progress().line("  round %d/%d  %-50s REFUSED: %s", r, rounds, contender.name(), Alternation.describe(e));
                }
            }
        }
        return results;
    }

    private static String format(double micros) {
        return Double.isNaN(micros) ? "–" : String.format("%,.0f", micros);
    }
}
