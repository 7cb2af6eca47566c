package com.ctec.bench.scenarios;

import com.ctec.bench.TrialResults;
import com.ctec.bench.Trial;
import com.ctec.bench.contenders.CtecContender;
import com.ctec.bench.report.Section;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: how ctec's cost grows with prefetch, threads and body size (trivial worker, one
 * alternation per sweep), then its memory per in-flight message and its start-up time, each in a
 * fresh JVM ({@link Footprint}, {@link Startup}).
 */
public final class CostGrowth implements Scenario {
    private static final int[] PREFETCHES = {1, 10, 30, 100, 250, 1000};
    private static final int[] THREADS = {1, 2, 4, 8, 16, 32, 64};
    private static final int[] BODIES = {100, 1_000, 10_000, 100_000, 1_000_000};

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String title() {
        return "6. Cost growth";
    }

    @Override
    public List<Section> run(Context context) throws Exception {
        int n = context.options().sweepMessages();
        List<Section> sections = new ArrayList<>();
        sections.add(sweep(context, "6a. Rate vs prefetch (THREADS, 5 threads)", prefetchTrials(n), String.format("""
                %,d persistent 100-byte messages per round (prefetch 1: a quarter), trivial worker; prefetch is the only change.""", n)));
        sections.add(sweep(context, "6b. Rate vs threads (THREADS, prefetch 250)", threadTrials(n), String.format("""
                %,d persistent 100-byte messages per round, trivial worker: more threads can only add hand-off and
                contention cost here, which is what this sweep shows.""", n)));
        sections.add(sweep(context, "6c. Rate vs body size (THREADS, prefetch 250/5 threads)", bodyTrials(context, n), String.format("""
                Persistent messages, trivial worker; %,d messages per round, fewer for big bodies (at most %,d MB per round).""",
                n, context.options().bodyBudgetBytes() / 1_000_000)));
        sections.add(new Footprint().run(context));
        sections.add(new Startup().run(context));
        return sections;
    }

    private static List<Trial> prefetchTrials(int n) {
        List<Trial> trials = new ArrayList<>();
        for (int prefetch : PREFETCHES) {
            trials.add(Trial.of(CtecContender.threads(prefetch, 5), prefetch == 1 ? n / 4 : n).label("prefetch " + prefetch));
        }
        return trials;
    }

    private static List<Trial> threadTrials(int n) {
        List<Trial> trials = new ArrayList<>();
        for (int threads : THREADS) {
            trials.add(Trial.of(CtecContender.threads(250, threads), n).label(threads + (threads == 1 ? " thread" : " threads")));
        }
        return trials;
    }

    private static List<Trial> bodyTrials(Context context, int n) {
        List<Trial> trials = new ArrayList<>();
        for (int body : BODIES) {
            int count = (int) Math.max(50, Math.min(n, context.options().bodyBudgetBytes() / body));
            trials.add(Trial.of(CtecContender.threads(250, 5), n).bodySize(body, count).label(bodyLabel(body)));
        }
        return trials;
    }

    private static String bodyLabel(int bytes) {
        return bytes >= 1_000_000 ? bytes / 1_000_000 + " MB body" : bytes >= 1_000 ? bytes / 1_000 + " kB body" : bytes + " B body";
    }

    private static Section sweep(Context context, String title, List<Trial> trials, String method) throws Exception {
        context.progress().line("%s", title);
        Map<Trial, TrialResults> results = context.alternation().run(trials);
        double first = results.isEmpty() ? Double.NaN : results.values().iterator().next().rate().median();
        Section section = new Section(title, method);
        return ThroughputTable.fill(section, results, "first row", first);
    }
}
