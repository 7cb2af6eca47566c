package com.ctec.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs trials round-robin, each round starting one further (A B C, B C A, C A B, ...) so that the machine's noise — other builds on the two
 * cores, the broker's housekeeping — falls on every contender alike; ratios within one run are
 * what the report trusts. A warm-up pass (not reported) lets the JIT compile every contender first.
 */
public final class Alternation {
    private final Broker broker;
    private final int rounds;
    private final Progress progress;
    private final String only;

    /** {@code only}: when not null, trials whose label lacks it are skipped (to profile one contender). */
    public Alternation(Broker broker, int rounds, Progress progress, String only) {
        this.broker = broker;
        this.rounds = rounds;
        this.progress = progress;
        this.only = only;
    }

    public Map<Trial, TrialResults> run(List<Trial> all) throws Exception {
        List<Trial> trials = only == null ? all : all.stream().filter(t -> matches(t.label())).toList();
        ThroughputRound round = new ThroughputRound(broker);
        Map<Trial, TrialResults> results = new LinkedHashMap<>();
        for (Trial trial : trials) {
            results.put(trial, new TrialResults());
            try {
                round.run(trial.warmUp());
            } catch (Exception e) {
                progress.line("  warm-up  %-62s refused: %s", trial.label(), describe(e));
            }
        }
        for (int r = 1; r <= rounds; r++) {
            for (Trial trial : rotated(trials, r - 1)) {
                try {
                    RoundResult result = round.run(trial);
                    results.get(trial).add(result);
                    progress.line("  round %d/%d  %-62s %,9.0f msg/s  (%,d msgs; CPU/msg: client %.1f µs, broker %.1f µs; %.2f switches/msg)",
                            r, rounds, trial.label(), result.rate(), trial.messages(), result.clientMicros(), result.brokerMicros(),
                            result.switches());
                } catch (Exception e) {
                    // A refused round (lost, duplicated, stalled) or a contender that failed: reported, never averaged in.
                    results.get(trial).rate().refuse(describe(e));
                    progress.line("  round %d/%d  %-62s REFUSED: %s", r, rounds, trial.label(), describe(e));
                }
            }
        }
        return results;
    }

    /**
     * Each round starts with another trial: whatever the broker carries over from one round to the
     * next (a queue's state, its garbage) then falls on a different contender each round instead of
     * always on the first.
     */
    static List<Trial> rotated(List<Trial> trials, int by) {
        if (trials.isEmpty()) {
            return trials;
        }
        int start = by % trials.size();
        List<Trial> order = new ArrayList<>(trials.subList(start, trials.size()));
        order.addAll(trials.subList(0, start));
        return order;
    }

    /** {@code --only a|b}: a label matches when it contains any of the alternatives. */
    private boolean matches(String label) {
        for (String part : only.split("\\|")) {
            if (label.contains(part)) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Exception e) {
        return e instanceof RoundRefused ? e.getMessage() : e.toString();
    }
}
