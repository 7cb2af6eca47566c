package com.ctec.bench.scenarios;

import com.ctec.bench.Alternation;
import com.ctec.bench.Broker;
import com.ctec.bench.Options;
import com.ctec.bench.Progress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every scenario gets: the options, the harness's broker connection, the round-robin runner,
 * and the figures earlier scenarios of this run measured (later targets are ratios to them).
 */
public record Context(Options options, Broker broker, Alternation alternation, Progress progress, Map<String, Double> figures) {
    /** Figures shared between scenarios. */
    public static final String CTEC_RATE = "s1.ctec";
    public static final String CEILING = "s1.ceiling";

    public static Context of(Options options, Broker broker, Progress progress) {
        return new Context(options, broker, new Alternation(broker, options.rounds(), progress, options.only()), progress, new ConcurrentHashMap<>());
    }

    public double figure(String key) {
        return figures.getOrDefault(key, Double.NaN);
    }
}
