package com.ctec.consumer.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one daemon thread, {@code ctec-agent}: sampling and every ZooKeeper call run here,
 * never on a consumer's threads. A task that throws is logged and does not stop the others; a
 * task handed over after {@link #shutdown()} is dropped.
 */
final class AgentThread {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("ctec-agent").factory());

    void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // Shut down: the last consumer has stopped, there is nothing left to report.
        }
    }

    /** Runs {@code task}; the future completes when it has run, or at once when the thread is shut down. */
    CompletableFuture<Void> submit(Runnable task) {
        try {
            return CompletableFuture.runAsync(guarded(task), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    void every(Duration interval, Runnable task) {
        every(interval, interval, task);
    }

    void every(Duration first, Duration interval, Runnable task) {
        try {
            executor.scheduleAtFixedRate(guarded(task), first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down already.
        }
    }

    void after(Duration delay, Runnable task) {
        try {
            executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down already.
        }
    }

    /** Runs the tasks already handed over, then lets the thread end; periodic and delayed tasks are dropped. */
    void shutdown() {
        executor.shutdown();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // An exception would cancel a periodic task for good: log it and keep reporting.
                ProcessAgent.LOG.warn("The monitoring agent's task failed; it runs again at the next interval.", e);
            }
        };
    }
}
