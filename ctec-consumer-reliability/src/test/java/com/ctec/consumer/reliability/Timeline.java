package com.ctec.consumer.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * When the broker (or the link to it) was down during a run, in wall-clock milliseconds: the
 * checker does not count those times as stalls, and measures from each "up" how long the
 * consumer took to handle a message again.
 */
final class Timeline {
    /** One fault: down from {@code downAt} until {@code upAt} (the moment the broker answered again). */
    record Outage(String what, long downAt, long upAt) {
        long overlap(long from, long to) {
            return Math.max(0, Math.min(to, upAt) - Math.max(from, downAt));
        }
    }

    private final List<Outage> outages = new ArrayList<>();
    /** Told when a fault has hit: the broker stopped. */
    private volatile Runnable whenHit = () -> { };
    private long downAt = -1;
    private String what = "";

    synchronized void down(String what) {
        this.what = what;
        this.downAt = System.currentTimeMillis();
    }

    /** Runs {@code action} each time a fault hits (the broker has stopped). */
    void whenHit(Runnable action) {
        this.whenHit = action;
    }

    /** The broker has stopped (the stop command returned). */
    void hit() {
        whenHit.run();
    }

    synchronized void up() {
        up(System.currentTimeMillis());
    }

    synchronized void up(long at) {
        if (downAt < 0) {
            throw new IllegalStateException("up() without down()");
        }
        outages.add(new Outage(what, downAt, at));
        downAt = -1;
    }

    /** A fault that takes no time on the broker's side (a cut link): the consumer is measured from now. */
    synchronized void instant(String what) {
        long now = System.currentTimeMillis();
        outages.add(new Outage(what, now, now));
    }

    /** An outage whose times are known already (the checker's own test). */
    synchronized void record(Outage outage) {
        outages.add(outage);
    }

    synchronized List<Outage> outages() {
        return List.copyOf(outages);
    }

    synchronized long downtimeBetween(long from, long to) {
        long total = 0;
        for (Outage outage : outages) {
            total += outage.overlap(from, to);
        }
        if (downAt >= 0) {
            total += Math.max(0, to - Math.max(from, downAt));
        }
        return total;
    }
}
