package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.HistorySeries;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.spi.Outcome;

import java.util.List;

/**
 * The series of one registry entry, minute by minute: the {@link Sampler}'s (CPU, memory, heap,
 * threads) and those of the consumers that share the entry (messages handled, failures, dead
 * letters, backlog). Counting is called from the consumers' threads and only bumps a counter;
 * recording and reading run on the {@link AgentThread}.
 */
final class ProcessSeries {
    private final Sampler sampler;
    private final MinuteCount consumed;
    private final MinuteCount failed;
    private final MinuteCount deadLettered;
    private final MinuteSeries backlog = new MinuteSeries(Sampler.MINUTES);

    /** The minute this process's entry begins: no series of it shows an earlier one. */
    private final long firstMinute;

    ProcessSeries(Sampler sampler, long now) {
        this.sampler = sampler;
        this.consumed = new MinuteCount(now);
        this.failed = new MinuteCount(now);
        this.deadLettered = new MinuteCount(now);
        this.firstMinute = RegistryPaths.minuteOf(now);
        // The counts start with a point (0) for this minute, as the sampler's series have one for theirs.
        consumed.record(now);
        failed.record(now);
        deadLettered.record(now);
    }

    /** A message was settled: handled unless abandoned, and a dead letter when rejected or out of attempts. */
    void settled(Outcome outcome) {
        if (outcome == Outcome.ABANDONED) {
            return;
        }
        consumed.increment();
        if (outcome == Outcome.REJECTED || outcome == Outcome.DEAD_LETTERED) {
            deadLettered.increment();
        }
    }

    /** A worker call failed (exception, null, REDELIVER, failed forward). */
    void failed() {
        failed.increment();
    }

    /**
     * Records the counts at {@code now} into the minute in progress (closing the previous minute if
     * {@code now} is past it), and {@code ready} as the backlog unless it is unknown (-1).
     */
    void record(long now, long ready) {
        consumed.record(now);
        failed.record(now);
        deadLettered.record(now);
        long minute = RegistryPaths.minuteOf(now);
        if (ready >= 0) {
            if (backlog.newestMinute() == minute - RegistryPaths.MINUTE_MS) {
                backlog.set(minute - RegistryPaths.MINUTE_MS, ready); // Just after a minute began: also the end of the one before.
            }
            backlog.set(minute, ready);
        }
    }

    /**
     * The entry at {@code now}: the last hour of each series, the minute in progress included.
     *
     * @param app   the app name
     * @param state RUNNING, RECOVERING or STOPPING
     */
    RegistryEntry entry(String app, String appDesc, String hostIp, long now, String state, List<RegistryEntry.Queue> queues) {
        // The sampler may be older (another application of this process started it): its earlier minutes are not this entry's.
        long from = Math.max(firstMinute, RegistryPaths.minuteOf(now) + RegistryPaths.MINUTE_MS - RegistryPaths.ENTRY_SPAN_MS);
        long to = Long.MAX_VALUE;
        return new RegistryEntry(app, appDesc, ProcessFacts.DEPLOY_PATH, hostIp, ProcessFacts.PID,
                ProcessFacts.VERSION, ProcessFacts.STARTED_AT, now, state, Sampler.threadCount(),
                sampler.interval().toMillis(), queues, sampler.cpu().points(from, to), sampler.memory().points(from, to),
                consumed.series().points(from, to), sampler.heapUsed().points(from, to),
                sampler.threadCounts().points(from, to), failed.series().points(from, to),
                deadLettered.series().points(from, to), backlog.points(from, to));
    }

    /** The six history series between {@code from} and {@code to}. */
    HistorySeries history(long from, long to) {
        long since = Math.max(firstMinute, from);
        return new HistorySeries(sampler.cpu().points(since, to), sampler.memory().points(since, to),
                consumed.series().points(since, to), failed.series().points(since, to),
                deadLettered.series().points(since, to), backlog.points(since, to));
    }
}
