package com.ctec.consumer.agent.registry;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is wrong with an instance, or with an app (its instances' series joined minute by minute),
 * judged from the registry's series at the time the entries were written. Worst first:
 *
 * <ul>
 *   <li>{@link #FAILING}: in one of the last {@value #WINDOW_MINUTES} minutes (the one in progress
 *       included) more than {@value #DEAD_LETTERED_PER_MINUTE} messages were dead-lettered, or more than
 *       {@value #FAILED_PER_MINUTE} worker calls failed;</li>
 *   <li>{@link #STALLED}: messages are waiting (backlog above 0) and nothing was consumed in the last
 *       {@value #WINDOW_MINUTES} whole minutes nor in the minute in progress;</li>
 *   <li>{@link #BEHIND}: the backlog grew in each of the last {@value #WINDOW_MINUTES} whole minutes:
 *       messages arrive faster than they are consumed.</li>
 * </ul>
 *
 * An app's consumed, failed and dead-lettered are its instances' sums; its backlog is the largest of
 * its instances' (instances of an app usually consume the same queues, so each reports the same backlog).
 */
public enum Trouble {
    /** Nothing the series show. */
    NONE,
    /** The backlog grew in each of the last minutes. */
    BEHIND,
    /** Messages wait and nothing is consumed. */
    STALLED,
    /** Dead letters, or many failures. */
    FAILING;

    /** How many minutes each rule looks back. */
    public static final int WINDOW_MINUTES = 3;
    /** Failing above this many dead letters in a minute: any dead letter is something to look at. */
    public static final int DEAD_LETTERED_PER_MINUTE = 0;
    /** Failing above this many failed worker calls in a minute (retries that then succeed are normal below it). */
    public static final int FAILED_PER_MINUTE = 10;

    private static final long MINUTE = RegistryPaths.MINUTE_MS;

    /** The trouble of one instance. */
    public static Trouble of(RegistryEntry entry) {
        return of(List.of(entry));
    }

    /** The trouble of an app, from its instances' series joined by minute. */
    public static Trouble of(List<RegistryEntry> instances) {
        if (instances.isEmpty()) {
            return NONE;
        }
        long newest = instances.stream().mapToLong(e -> RegistryPaths.minuteOf(e.updatedAt())).max().getAsLong();
        Map<Long, Double> failed = MinuteSums.merge(instances, RegistryEntry::failed, Double::sum);
        Map<Long, Double> deadLettered = MinuteSums.merge(instances, RegistryEntry::deadLettered, Double::sum);
        Map<Long, Double> consumed = MinuteSums.merge(instances, RegistryEntry::consumed, Double::sum);
        TreeMap<Long, Double> backlog = MinuteSums.merge(instances, RegistryEntry::backlog, Math::max);
        for (int i = 0; i < WINDOW_MINUTES; i++) {
            long minute = newest - i * MINUTE;
            if (deadLettered.getOrDefault(minute, 0.0) > DEAD_LETTERED_PER_MINUTE
                    || failed.getOrDefault(minute, 0.0) > FAILED_PER_MINUTE) {
                return FAILING;
            }
        }
        if (stalled(newest, consumed, backlog)) {
            return STALLED;
        }
        return behind(newest, backlog) ? BEHIND : NONE;
    }

    /** Lower case, as the JSON and the pages show it. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean stalled(long newest, Map<Long, Double> consumed, TreeMap<Long, Double> backlog) {
        Map.Entry<Long, Double> latest = backlog.lastEntry();
        if (latest == null || latest.getValue() <= 0) {
            return false;
        }
        for (int i = 0; i <= WINDOW_MINUTES; i++) {
            Double count = consumed.get(newest - i * MINUTE);
            if (count == null || count > 0) {
                return false; // Consumed something, or too young to tell.
            }
        }
        return true;
    }

    private static boolean behind(long newest, Map<Long, Double> backlog) {
        // Whole minutes only: the minute in progress has its backlog read at some point within it, not at its end.
        for (int i = 1; i <= WINDOW_MINUTES; i++) {
            Double end = backlog.get(newest - i * MINUTE);
            Double before = backlog.get(newest - (i + 1) * MINUTE);
            if (end == null || before == null || end <= before) {
                return false;
            }
        }
        return true;
    }
}
