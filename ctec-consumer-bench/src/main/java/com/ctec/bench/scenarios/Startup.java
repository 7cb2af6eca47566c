package com.ctec.bench.scenarios;

import com.ctec.bench.Alternation;
import com.ctec.bench.ChildJvm;
import com.ctec.bench.Samples;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scenario 6e: time from JVM start to the first message handled, ctec against the raw client, a fresh JVM each round. */
final class Startup {
    private static final List<String> WHO = List.of("ctec", "raw");

    Section run(Context context) throws Exception {
        context.progress().line("6e. Time from JVM start to the first message handled");
        Map<String, Samples[]> results = new LinkedHashMap<>();
        WHO.forEach(who -> results.put(who, new Samples[] {new Samples(), new Samples()}));
        for (int r = 1; r <= context.options().rounds(); r++) {
            for (String who : WHO) {
                Samples[] s = results.get(who);
                String queue = context.broker().freshQueue("startup " + who);
                try {
                    context.broker().fill(queue, 1, 100);
                    Map<String, Long> m = ChildJvm.run("startup", who, context.broker().uri(), queue);
                    s[0].add(m.get("firstMessageMillis"));
                    s[1].add(m.get("wallMillis"));
                    context.progress().line("  round %d  %-4s first message %,5d ms after JVM start (%,d ms after spawn)", r, who,
                            m.get("firstMessageMillis"), m.get("wallMillis"));
                } catch (Exception e) {
                    s[0].refuse(Alternation.describe(e));
                    context.progress().line("  round %d  %-4s REFUSED: %s", r, who, Alternation.describe(e));
                } finally {
                    context.broker().delete(queue);
                }
            }
        }
        Table table = new Table("contender", "JVM start → first message ms (min–max)", "spawn → first message ms", "rounds");
        Section section = new Section("6e. Time from JVM start to the first message handled", """
                A fresh JVM per round (same java, the benchmark jar) connects, subscribes to a queue holding one message and
                reports when its worker got it, measured from the JVM's own start time; the parent also times spawn to report.""");
        for (String who : WHO) {
            Samples[] s = results.get(who);
            String name = who.equals("ctec") ? "ctec THREADS defaults" : "raw amqp-client";
            table.row(name, String.format("%,.0f (%,.0f–%,.0f)", s[0].median(), s[0].min(), s[0].max()),
                    String.format("%,.0f", s[1].median()), s[0].count());
            section.bar(name, s[0].median(), s[0].min(), s[0].max());
            s[0].refused().forEach(why -> section.note("Refused round of " + name + ": " + why + "."));
        }
        return section.barUnit("ms, lower is better").table(table);
    }
}
