package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryPaths;

import java.util.concurrent.atomic.LongAdder;

/**
 * A count of events (messages handled, failures, dead letters) minute by minute: the engine's
 * threads {@link #increment()} a lock-free adder; {@link #record} (agent thread) turns its growth
 * into the value of the minute in progress, and when a new minute has begun, closes the previous
 * one with everything counted up to then.
 */
final class MinuteCount {
    private final LongAdder total = new LongAdder();
    private final MinuteSeries series = new MinuteSeries(Sampler.MINUTES);
    // Agent thread only.
    private long minute;
    private long atMinuteStart;

    MinuteCount(long now) {
        this.minute = RegistryPaths.minuteOf(now);
    }

    void increment() {
        total.increment();
    }

    void record(long now) {
        long sum = total.sum();
        long current = RegistryPaths.minuteOf(now);
        if (current > minute) { // Never backwards: a clock set back keeps counting into the newest minute.
            series.set(minute, sum - atMinuteStart);
            minute = current;
            atMinuteStart = sum;
        }
        series.set(minute, sum - atMinuteStart);
    }

    MinuteSeries series() {
        return series;
    }
}
