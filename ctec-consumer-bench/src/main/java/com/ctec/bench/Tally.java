package com.ctec.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every message of a round by its id, so that a round which lost or duplicated one is
 * refused rather than reported; also notes when the first and the last distinct message came.
 * Called from whatever threads the contender runs its workers on.
 */
public final class Tally {
    private final int expected;
    private final AtomicIntegerArray seen;
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger strangers = new AtomicInteger();
    private final AtomicLong firstNanos = new AtomicLong();
    private final CountDownLatch complete = new CountDownLatch(1);
    private volatile long lastNanos;

    public Tally(int expected) {
        this.expected = expected;
        this.seen = new AtomicIntegerArray(expected);
    }

    /** Records one handled message; returns its id. */
    public long record(byte[] body) {
        long now = System.nanoTime();
        long id = Payload.id(body);
        if (id < 0 || id >= expected) {
            strangers.incrementAndGet();
            return id;
        }
        if (seen.incrementAndGet((int) id) > 1) {
            duplicates.incrementAndGet();
            return id;
        }
        firstNanos.compareAndSet(0, now);
        if (distinct.incrementAndGet() == expected) {
            lastNanos = now;
            complete.countDown();
        }
        return id;
    }

    /**
     * Waits until every message came, giving up when none came for {@code stallSeconds}: a stalled
     * contender must not hang the whole run.
     */
    public boolean awaitComplete(int stallSeconds) throws InterruptedException {
        int lastCount = -1;
        long lastProgress = System.nanoTime();
        while (!complete.await(250, TimeUnit.MILLISECONDS)) {
            int now = distinct.get();
            if (now != lastCount) {
                lastCount = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                return false;
            }
        }
        return true;
    }

    public int expected() {
        return expected;
    }

    public int distinct() {
        return distinct.get();
    }

    public int duplicates() {
        return duplicates.get();
    }

    public int strangers() {
        return strangers.get();
    }

    public long firstNanos() {
        return firstNanos.get();
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** Messages per second between the first and the last message handled. */
    public double rate() {
        long span = lastNanos - firstNanos.get();
        return span <= 0 ? 0 : (expected - 1) * 1e9 / span;
    }

    /** Null when every message came exactly once, else what went wrong. */
    public String problem() {
        if (distinct.get() < expected) {
            return "lost " + (expected - distinct.get()) + " of " + expected + " messages";
        }
        if (duplicates.get() > 0) {
            return duplicates.get() + " duplicates";
        }
        if (strangers.get() > 0) {
            return strangers.get() + " messages from another round";
        }
        return null;
    }
}
