package com.ctec.bench.scenarios;

import com.ctec.bench.TrialResults;
import com.ctec.bench.Trial;
import com.ctec.bench.contenders.CtecContender;
import com.ctec.bench.contenders.RawAutoAck;
import com.ctec.bench.contenders.SpringSimple;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Target;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: a worker that blocks 10 ms per message (an HTTP or database call), where concurrency,
 * not per-message cost, decides the rate. Every contender may have 500 messages in flight at most.
 */
public final class IoBoundWorker implements Scenario {
    private static final Duration BLOCKS = Duration.ofMillis(10);

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String title() {
        return "2. I/O-bound worker (blocks 10 ms per message)";
    }

    @Override
    public List<Section> run(Context context) throws Exception {
        int n = context.options().ioMessages();
        Trial virtualThreads = Trial.of(CtecContender.virtualThreads(500), n).blocking(BLOCKS);
        // The reference is scenario 1's setting (its message count too): the target is a ratio to that scenario.
        Trial ceilingHere = Trial.of(new RawAutoAck(), context.options().messages())
                .label("reference: raw amqp-client, auto-ack, trivial worker (scenario 1 ceiling)");
        List<Trial> trials = List.of(
                ceilingHere,
                virtualThreads,
                Trial.of(CtecContender.threads(250, 50), n).blocking(BLOCKS),
                // 5 threads handle 500 msg/s at best: a tenth of the messages keeps its round as long as the others.
                Trial.of(CtecContender.threads(30, 5).named("ctec THREADS defaults (prefetch 30/5 threads)"), n / 10).blocking(BLOCKS),
                Trial.of(new SpringSimple(10, 1, 50, false), n).blocking(BLOCKS),
                Trial.of(new SpringSimple(10, 1, 50, true), n).blocking(BLOCKS));
        Map<Trial, TrialResults> results = context.alternation().run(trials);
        double vt = ThroughputTable.median(results, virtualThreads);
        double ceiling = ThroughputTable.reference(results, ceilingHere, context, Context.CEILING);
        Section section = new Section(title(), String.format("""
                %,d persistent 100-byte messages per round (ctec defaults: a tenth); the worker sleeps 10 ms. Spring runs 50
                consumers with prefetch 10 each, i.e. the same 500 messages in flight as ctec VIRTUAL_THREADS prefetch 500.
                A pool of N threads cannot exceed N × 100 msg/s. Target: VIRTUAL_THREADS ≥ 0.7× scenario 1's auto-ack ceiling,
                measured here again in the same alternation (the reference row: no sleep, scenario 1's message count).""", n));
        ThroughputTable.fill(section, results, "ceiling", ceiling);
        section.target(Target.ratio("2", "VIRTUAL_THREADS ≥ 0.7× scenario 1 ceiling (same alternation)", vt, ceiling, 0.7,
                "msg/s"));
        section.target(Target.ratio("2", "VIRTUAL_THREADS ≥ 5× Spring's best I/O-bound setting (issue 18)", vt,
                ThroughputTable.best(results, "Spring"), 5.0, "msg/s"));
        return List.of(section);
    }
}
