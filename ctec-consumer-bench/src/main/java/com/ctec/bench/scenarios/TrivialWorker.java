package com.ctec.bench.scenarios;

import com.ctec.bench.TrialResults;
import com.ctec.bench.Trial;
import com.ctec.bench.contenders.CtecContender;
import com.ctec.bench.contenders.PerfTestConsumer;
import com.ctec.bench.contenders.RawAckEach;
import com.ctec.bench.contenders.RawAutoAck;
import com.ctec.bench.contenders.RawMultiAck;
import com.ctec.bench.contenders.SpringDirect;
import com.ctec.bench.contenders.SpringSimple;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Target;

import java.util.List;
import java.util.Map;

/** Scenario 1: a worker that does nothing, so the framework's own cost per message is all there is to see. */
public final class TrivialWorker implements Scenario {
    @Override
    public int number() {
        return 1;
    }

    @Override
    public String title() {
        return "1. Trivial worker, pre-filled queue, manual acks";
    }

    @Override
    public List<Section> run(Context context) throws Exception {
        int n = context.options().messages();
        Trial defaults = Trial.of(CtecContender.threads(30, 5).named("ctec THREADS defaults (prefetch 30/5 threads)"), n);
        Trial prefetch250 = Trial.of(CtecContender.threads(250, 5), n);
        Trial dmlc = Trial.of(new SpringDirect(250, 50), n);
        List<Trial> trials = List.of(
                defaults,
                prefetch250,
                Trial.of(new RawAckEach(250), n),
                Trial.of(new RawMultiAck(250, 50), n),
                // What any at-least-once client pays at the default prefetch: the broker's cost per message there.
                Trial.of(new RawMultiAck(30, 15), n),
                Trial.of(new SpringSimple(250, 50, 1, false), n),
                dmlc,
                Trial.of(new PerfTestConsumer(250, 50), n),
                Trial.of(new PerfTestConsumer(30, 15), n),
                Trial.of(new RawAutoAck(), n));
        Map<Trial, TrialResults> results = context.alternation().run(trials);
        double ctec = ThroughputTable.best(results, "ctec");
        double spring = ThroughputTable.best(results, "Spring");
        double dmlcRate = ThroughputTable.median(results, dmlc);
        double ceiling = ThroughputTable.best(results, "raw amqp-client, auto-ack");
        context.figures().put(Context.CTEC_RATE, ctec);
        context.figures().put(Context.CEILING, ceiling);
        Section section = new Section(title(), String.format("""
                %,d persistent 100-byte messages per round; the worker only records the message id. Every contender acks
                manually except the auto-ack ceiling (the broker forgets each message as it sends it: not at-least-once).
                RabbitMQ PerfTest (the RabbitMQ team's own load tool, same JVM) consumes with the same prefetch and multi-ack
                settings as DMLC and as ctec's defaults; it cannot call the harness's worker, so its rounds are timed from the
                queue's side (first message taken off the queue to the tool's return, the last ack included) and checked only
                for an empty queue. Targets: ctec ≥ 1.1× best Spring and ≥ 0.85× the ceiling (issue 8); THREADS at the
                defaults and at prefetch 250 ≥ 1.0× DMLC, broker CPU per message at the defaults ≤ DMLC's + 10 %% (issue 18).""", n));
        ThroughputTable.fill(section, results, "ceiling", ceiling);
        section.target(Target.ratio("1", "ctec ≥ 1.1× best Spring", ctec, spring, 1.1, "msg/s"));
        section.target(Target.ratio("1", "ctec ≥ 0.85× raw auto-ack ceiling", ctec, ceiling, 0.85, "msg/s"));
        section.target(Target.ratio("1", "THREADS defaults ≥ 1.0× Spring DMLC (issue 18)", ThroughputTable.median(results, defaults),
                dmlcRate, 1.0, "msg/s"));
        section.target(Target.ratio("1", "THREADS prefetch 250/5 ≥ 1.0× Spring DMLC (issue 18)",
                ThroughputTable.median(results, prefetch250), dmlcRate, 1.0, "msg/s"));
        section.target(Target.atMost("1", "broker CPU per message at the defaults ≤ DMLC's + 10 % (issue 18)",
                ThroughputTable.brokerMicros(results, defaults), ThroughputTable.brokerMicros(results, dmlc), 1.1, "µs"));
        return List.of(section, new PerfTestYardstick().run(context));
    }
}
