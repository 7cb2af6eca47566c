package com.ctec.bench.scenarios;

import com.ctec.bench.TrialResults;
import com.ctec.bench.Trial;
import com.ctec.bench.contenders.CtecContender;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Target;

import java.util.List;
import java.util.Map;

/** Scenario 3: a BatchWorker taking 100 messages per call; it should cost no more per message than scenario 1. */
public final class Batches implements Scenario {
    @Override
    public int number() {
        return 3;
    }

    @Override
    public String title() {
        return "3. Batches of 100";
    }

    @Override
    public List<Section> run(Context context) throws Exception {
        int n = context.options().messages();
        Trial single = Trial.of(CtecContender.threads(250, 5), n)
                .label("reference: ctec THREADS prefetch 250/5, one message per call");
        List<Trial> trials = List.of(
                Trial.of(CtecContender.batches(250, 5, 100), n),
                Trial.of(CtecContender.batches(500, 5, 100), n),
                single);
        Map<Trial, TrialResults> results = context.alternation().run(trials);
        double best = ThroughputTable.best(results, "ctec");
        double reference = ThroughputTable.reference(results, single, context, Context.CTEC_RATE);
        Section section = new Section(title(), String.format("""
                %,d persistent 100-byte messages per round; registerBatchWorker with batchSize 100 (batchTimeout 50 ms);
                the worker records each id of the batch. Target: ≥ scenario 1's ctec rate, measured here again in the same
                alternation (the reference row: scenario 1's ctec THREADS prefetch 250/5, one message per worker call).""", n));
        ThroughputTable.fill(section, results, "reference", reference);
        section.target(Target.ratio("3", "batches ≥ scenario 1 ctec rate (same alternation)", best, reference, 1.0,
                "msg/s"));
        return List.of(section);
    }
}
