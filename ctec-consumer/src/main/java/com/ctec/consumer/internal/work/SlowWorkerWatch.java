package com.ctec.consumer.internal.work;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices worker calls that run longer than {@code slowWorkerWarning} and logs each once: a call
 * that never returns would otherwise be silent until the broker's {@code consumer_timeout}
 * (30 minutes by default) closes the channel. A stop still completes: after the shutdown timeout
 * the channel closes and the message returns to the queue.
 */
public final class SlowWorkerWatch {
    private record Running(long startNanos, Thread thread) {
    }

    /** Keyed by the message (or batch) object itself: identity, so no id counter and no boxing per call. */
    private final Map<Object, Running> running = new ConcurrentHashMap<>();
    private final Map<Object, Boolean> warned = new ConcurrentHashMap<>();
    private final long thresholdNanos;
    private final Logger log;

    public SlowWorkerWatch(Duration threshold, Logger log, ScheduledExecutorService timer) {
        this.thresholdNanos = threshold.toNanos();
        this.log = log;
        long period = Math.max(100, Math.min(10_000, threshold.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A worker call on {@code what} starts: a {@link com.ctec.consumer.WorkerMessage}, or for a
     * batch an object whose {@code toString()} describes it (compared by identity).
     */
    void started(Object what) {
        running.put(what, new Running(System.nanoTime(), Thread.currentThread()));
    }

    void finished(Object what) {
        running.remove(what);
        if (!warned.isEmpty()) {
            warned.remove(what);
        }
    }

    /** Interrupts every worker call still running: the end of a stop that outlived its shutdown timeout. */
    void interruptRunning() {
        running.values().forEach(call -> call.thread().interrupt());
    }

    private void check() {
        long now = System.nanoTime();
        running.forEach((what, call) -> {
            long elapsed = now - call.startNanos();
            if (elapsed >= thresholdNanos && warned.putIfAbsent(what, Boolean.TRUE) == null) {
                log.warn("The worker has been running for {} s on {} (thread {}): if it never returns, the broker's "
                        + "consumer_timeout will take the message back (it closes the channel, or on RabbitMQ 4.3+ cancels the consumer) "
                        + "and it comes again; a stop gives up on it "
                        + "after the shutdown timeout.", TimeUnit.NANOSECONDS.toSeconds(elapsed), WorkerCall.describe(what),
                        call.thread().getName());
            }
        });
    }
}
