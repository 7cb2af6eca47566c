package com.ctec.consumer.internal;

import com.ctec.consumer.ConcurrencyMode;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands deliveries to workers on the threads of the concurrency mode. {@link #dispatch} runs on
 * the client's delivery thread and must return quickly; the work runs on the executor.
 */
abstract class Dispatcher {
    private final ExecutorService executor;
    private volatile boolean stopping;

    Dispatcher(Settings settings) {
        this.executor = executor(settings);
    }

    /** Takes a delivery from the client's delivery thread. */
    abstract void dispatch(Delivery delivery);

    /** Graceful stop: work not started yet goes back to the queue instead of running. */
    void stopAccepting() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Ends the worker threads; those still running after the shutdown timeout are interrupted. */
    void shutdownNow() {
        executor.shutdownNow();
    }

    void execute(Runnable work) {
        executor.execute(work);
    }

    private static ExecutorService executor(Settings settings) {
        String prefix = "ctec-worker-" + settings.queue() + "-";
        if (settings.mode() == ConcurrencyMode.VIRTUAL_THREADS) {
            // One virtual thread per delivery (or batch) in flight; the broker's prefetch bounds how many.
            // One shared name, no counter: a numbered name would be formatted for every delivery.
            return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix + "virtual").factory());
        }
        // The queue is bounded in practice by the prefetch: the broker never sends more unacked messages.
        return new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon(true).name(prefix, 1).factory());
    }
}
