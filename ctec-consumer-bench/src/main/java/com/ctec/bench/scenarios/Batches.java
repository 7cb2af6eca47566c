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
        List<Trial> trials = List.of(
                Trial.of(CtecContender.batches(250, 5, 100), n),
                Trial.of(CtecContender.batches(500, 5, 100), n));
        Map<Trial, TrialResults> results = context.alternation().run(trials);
        double best = ThroughputTable.best(results, "ctec");
        double reference = context.figure(Context.CTEC_RATE);
        Section section = new Section(title(), String.format("""
                %,d persistent 100-byte messages per round; registerBatchWorker with batchSize 100 (batchTimeout 50 ms);
                the worker records each id of the batch. Target: ≥ scenario 1's best ctec rate.""", n));
        ThroughputTable.fill(section, results, "s1 ctec", reference);
        section.target(Target.ratio("3", "batches ≥ scenario 1 ctec rate", best, reference, 1.0, "msg/s"));
        return List.of(section);
    }
}
