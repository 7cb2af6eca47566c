package com.ctec.consumer.internal;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices worker calls that run longer than {@code slowWorkerWarning} and logs each once: a call
 * that never returns would otherwise be silent until the broker's {@code consumer_timeout}
 * (30 minutes by default) closes the channel. A stop still completes: after the shutdown timeout
 * the channel closes and the message returns to the queue.
 */
final class SlowWorkerWatch {
    private record Running(Object what, long startNanos, Thread thread) {
    }

    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> warned = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long thresholdNanos;
    private final Logger log;

    SlowWorkerWatch(Duration threshold, Logger log, ScheduledExecutorService timer) {
        this.thresholdNanos = threshold.toNanos();
        this.log = log;
        long period = Math.max(100, Math.min(10_000, threshold.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** A worker call on {@code what} (a message, or a batch's description) starts; returns its id for {@link #finished}. */
    long started(Object what) {
        long id = ids.incrementAndGet();
        running.put(id, new Running(what, System.nanoTime(), Thread.currentThread()));
        return id;
    }

    void finished(long id) {
        running.remove(id);
        warned.remove(id);
    }

    private void check() {
        long now = System.nanoTime();
        running.forEach((id, call) -> {
            long elapsed = now - call.startNanos();
            if (elapsed >= thresholdNanos && warned.putIfAbsent(id, Boolean.TRUE) == null) {
                log.warn("The worker has been running for {} s on {} (thread {}): if it never returns, the broker's "
                        + "consumer_timeout will close the channel and the message comes back; a stop gives up on it "
                        + "after the shutdown timeout.", TimeUnit.NANOSECONDS.toSeconds(elapsed), WorkerCall.describe(call.what()), call.thread().getName());
            }
        });
    }
}
