package com.ctec.consumer.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The checker: every message body carries a unique id 0..n-1; each handled message is reported
 * here with the time it was handled. It tells what was lost (never handled), what was duplicated
 * (handled more than once), the longest stall (time with no message handled while the broker
 * was up) and, for each fault, how long after the broker was back the next message was handled.
 */
final class Checker {
    private final int expected;
    private final AtomicIntegerArray counts;
    private final AtomicInteger unique = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private long[] times = new long[1024];
    private int timeCount;
    private volatile long startedAt = System.currentTimeMillis();
    /** Closed while a fault is on its way (see {@link #holdUntilTheFaultHits}); open otherwise. */
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

    Checker(int expected) {
        this.expected = expected;
        this.counts = new AtomicIntegerArray(expected);
    }

    int expected() {
        return expected;
    }

    /** Stalls are measured from now on (call when the consumer starts). */
    void start() {
        startedAt = System.currentTimeMillis();
    }

    /** Stalls are measured from {@code millis} (epoch ms) on. */
    void startAt(long millis) {
        startedAt = millis;
    }

    /**
     * Holds in-JVM workers from now until {@link #release()}: a fault is asked for and the broker
     * is not down yet. Under load, {@code rabbitmqctl stop_app} takes seconds to act, and a fast
     * consumer handled every message left in that time, so the fault hit an empty queue and its
     * resume could not be measured (or the next fault came before the consumer had resumed from
     * this one). Held workers keep their messages unacked: they come back after the fault, as
     * the messages of a real outage do.
     */
    void holdUntilTheFaultHits() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    /** The fault hit (or is over): held workers go on. */
    void release() {
        gate.countDown();
    }

    /** Called by in-JVM workers before they record a message. */
    void awaitGate() throws InterruptedException {
        gate.await();
    }

    void handled(int id) {
        handled(id, System.currentTimeMillis());
    }

    /** Records one handling of {@code id} at {@code millis}; ids outside 0..n-1 are ignored (not ours). */
    void handled(int id, long millis) {
        if (id < 0 || id >= expected) {
            return;
        }
        if (counts.getAndIncrement(id) == 0) {
            unique.incrementAndGet();
        }
        total.incrementAndGet();
        synchronized (this) {
            if (timeCount == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[timeCount++] = millis;
        }
    }

    int unique() {
        return unique.get();
    }

    int total() {
        return total.get();
    }

    boolean allHandled() {
        return unique.get() == expected;
    }

    int count(int id) {
        return counts.get(id);
    }

    /** The ids never handled (at most {@code limit}). */
    List<Integer> missing(int limit) {
        List<Integer> missing = new ArrayList<>();
        for (int id = 0; id < expected && missing.size() < limit; id++) {
            if (counts.get(id) == 0) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** The figures of the run so far against the faults of {@code timeline}. */
    Figures figures(Timeline timeline) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(times, timeCount);
        }
        Arrays.sort(sorted);
        long maxStall = 0;
        long previous = startedAt;
        for (long t : sorted) {
            if (t > previous) {
                maxStall = Math.max(maxStall, (t - previous) - timeline.downtimeBetween(previous, t));
                previous = t;
            }
        }
        List<Long> resumes = new ArrayList<>();
        for (Timeline.Outage outage : timeline.outages()) {
            int at = Arrays.binarySearch(sorted, outage.upAt());
            int next = at >= 0 ? at : -at - 1;
            // Time the broker was up without a call: a later fault that began before the consumer had resumed
            // is that fault's to count (torture seed 506: stop_app n1 again 2 s after it came back read as a 14 s resume).
            resumes.add(next < sorted.length ? sorted[next] - outage.upAt() - timeline.downtimeBetween(outage.upAt(), sorted[next]) : -1);
        }
        int lost = expected - unique.get();
        int duplicated = total.get() - unique.get();
        return new Figures(expected, lost, duplicated, maxStall, resumes);
    }

    /**
     * @param resumeMillis per fault, milliseconds from the broker being back to the next handled message, without
     *                     the downtime of later faults in between (-1: never)
     */
    record Figures(int messages, int lost, int duplicated, long maxStallMillis, List<Long> resumeMillis) {
        long maxResumeMillis() {
            return resumeMillis.stream().mapToLong(r -> r < 0 ? Long.MAX_VALUE : r).max().orElse(0);
        }
    }
}
