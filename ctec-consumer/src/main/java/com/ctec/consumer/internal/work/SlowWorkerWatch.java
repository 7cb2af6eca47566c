package com.ctec.consumer.internal.work;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices worker calls that run longer than {@code slowWorkerWarning} and logs each once: a call
 * that never returns would otherwise be silent until the broker's {@code consumer_timeout}
 * (30 minutes by default) closes the channel. A stop still completes: after the shutdown timeout
 * the channel closes and the message returns to the queue.
 *
 * <p>The running calls form a doubly linked list through their own {@link RunningCall} fields:
 * adding and removing one is a few writes under a lock held for nanoseconds, and costs no map
 * entry per message in flight (with 10,000 virtual threads blocked, that entry was 60 bytes each).
 */
public final class SlowWorkerWatch {
    private final ReentrantLock lock = new ReentrantLock();
    private RunningCall first;
    private final long thresholdNanos;
    private final Logger log;

    public SlowWorkerWatch(Duration threshold, Logger log, ScheduledExecutorService timer) {
        this.thresholdNanos = threshold.toNanos();
        this.log = log;
        long period = Math.max(100, Math.min(10_000, threshold.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** A worker call on {@code what} starts on this thread. */
    void started(RunningCall call, Object what) {
        call.startNanos = System.nanoTime();
        call.thread = Thread.currentThread();
        call.what = what;
        call.warned = false;
        lock.lock();
        try {
            call.previous = null;
            call.next = first;
            if (first != null) {
                first.previous = call;
            }
            first = call;
        } finally {
            lock.unlock();
        }
    }

    void finished(RunningCall call) {
        lock.lock();
        try {
            if (call.previous != null) {
                call.previous.next = call.next;
            } else {
                first = call.next;
            }
            if (call.next != null) {
                call.next.previous = call.previous;
            }
            call.previous = null;
            call.next = null;
        } finally {
            lock.unlock();
        }
        call.what = null;
        call.thread = null;
    }

    /** Interrupts every worker call still running: the end of a stop that outlived its shutdown timeout. */
    void interruptRunning() {
        running(false).forEach(call -> call.thread().interrupt());
    }

    /** Logs the calls that passed the threshold since the last look, each once; package-private for the tests. */
    void check() {
        for (Slow slow : running(true)) {
            log.warn("The worker has been running for {} s on {} (thread {}): if it never returns, the broker's "
                    + "consumer_timeout will take the message back (it closes the channel, or on RabbitMQ 4.3+ cancels the consumer) "
                    + "and it comes again; a stop gives up on it "
                    + "after the shutdown timeout.", TimeUnit.NANOSECONDS.toSeconds(slow.elapsedNanos()), WorkerCall.describe(slow.what()),
                    slow.thread().getName());
        }
    }

    private record Slow(long elapsedNanos, Object what, Thread thread) {
    }

    /**
     * A copy of the running calls, taken under the lock so that nothing is logged or interrupted
     * while holding it; {@code newlySlow}: only those past the threshold not warned of yet, now marked.
     */
    private List<Slow> running(boolean newlySlow) {
        List<Slow> found = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            for (RunningCall call = first; call != null; call = call.next) {
                long elapsed = now - call.startNanos;
                if (!newlySlow) {
                    found.add(new Slow(elapsed, call.what, call.thread));
                } else if (elapsed >= thresholdNanos && !call.warned) {
                    call.warned = true;
                    found.add(new Slow(elapsed, call.what, call.thread));
                }
            }
        } finally {
            lock.unlock();
        }
        return found;
    }
}
