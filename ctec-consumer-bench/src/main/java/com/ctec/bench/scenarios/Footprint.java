package com.ctec.bench.scenarios;

import com.ctec.bench.Alternation;
import com.ctec.bench.ChildJvm;
import com.ctec.bench.Samples;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;
import com.ctec.bench.report.Target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6d: memory with 10,000 messages in flight on blocked virtual threads, in a fresh JVM
 * each round: ctec VIRTUAL_THREADS (prefetch 10,000) against the raw client starting a virtual
 * thread per delivery by hand. Heap is measured after full GCs, before and after the messages come.
 */
final class Footprint {
    private static final int IN_FLIGHT = 10_000;
    private static final int BODY = 100;
    private static final List<String> WHO = List.of("ctec", "raw");

    Section run(Context context) throws Exception {
        context.progress().line("6d. Memory with %,d messages in flight", IN_FLIGHT);
        Map<String, Samples[]> results = new LinkedHashMap<>();
        WHO.forEach(who -> results.put(who, new Samples[] {new Samples(), new Samples(), new Samples()}));
        for (int r = 1; r <= context.options().rounds(); r++) {
            for (String who : WHO) {
                Samples[] s = results.get(who);
                String queue = context.broker().freshQueue("footprint " + who);
                try {
                    Map<String, Long> m = ChildJvm.run("footprint", who, context.broker().uri(), queue, "" + IN_FLIGHT, "" + BODY);
                    double heapPerMessage = (m.get("heapAfter") - m.get("heapBefore")) / (double) IN_FLIGHT;
                    s[0].add(heapPerMessage - BODY);
                    s[1].add((m.get("rssAfter") - m.get("rssBefore")) / (double) IN_FLIGHT);
                    s[2].add(m.get("rssPeak") / 1e6);
                    context.progress().line("  round %d  %-4s heap %,6.0f B/msg beyond the body, RSS %,6.0f B/msg, peak RSS %,.0f MB",
                            r, who, heapPerMessage - BODY, s[1].max(), m.get("rssPeak") / 1e6);
                } catch (Exception e) {
                    s[0].refuse(Alternation.describe(e));
                    context.progress().line("  round %d  %-4s REFUSED: %s", r, who, Alternation.describe(e));
                } finally {
                    context.broker().delete(queue);
                }
            }
        }
        Table table = new Table("contender", "heap B/msg beyond the body (min–max)", "RSS growth B/msg", "peak RSS MB", "rounds");
        Section section = new Section("6d. Memory with 10,000 messages in flight (VIRTUAL_THREADS, workers blocked)", String.format("""
                A fresh JVM per round (default heap settings) consumes %,d persistent %d-byte messages with prefetch %,d; every
                worker blocks on a latch, so all are in flight at once. Heap is read after System.gc() before the messages are
                published and once all have arrived; "beyond the body" subtracts the body's %d bytes. The raw baseline starts
                a virtual thread per delivery by hand: the difference is what ctec adds per message.""", IN_FLIGHT, BODY, IN_FLIGHT, BODY));
        for (String who : WHO) {
            Samples[] s = results.get(who);
            String name = who.equals("ctec") ? "ctec VIRTUAL_THREADS prefetch 10,000" : "raw amqp-client + virtual thread per delivery";
            table.row(name, String.format("%,.0f (%,.0f–%,.0f)", s[0].median(), s[0].min(), s[0].max()),
                    String.format("%,.0f", s[1].median()), String.format("%,.0f", s[2].median()), s[0].count());
            section.bar(name, s[0].median(), s[0].min(), s[0].max());
            s[0].refused().forEach(why -> section.note("Refused round of " + name + ": " + why + "."));
        }
        double ctec = results.get("ctec")[0].median();
        double raw = results.get("raw")[0].median();
        section.target(Target.atMost("6d", "heap per in-flight message beyond the body ≤ raw client's + 512 B (issue 18)", ctec,
                raw + 512, 1.0, "B"));
        return section.barUnit("heap B/msg beyond the body").table(table);
    }
}
