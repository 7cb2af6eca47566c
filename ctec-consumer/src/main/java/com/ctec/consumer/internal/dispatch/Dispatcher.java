package com.ctec.consumer.internal.dispatch;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.work.WorkerCall;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Hands deliveries to workers on the threads of the concurrency mode. {@link #dispatch} runs on
 * the consuming connection's thread and must return quickly; the work runs on the worker threads.
 *
 * <p>THREADS: a {@link WorkerPool}. Deliveries taken on the connection's thread may leave their
 * wake-up owed until {@link #handOver()}, which that thread calls before it reads from the socket
 * again (see {@link ReadBurstSocketFactory}); without that hook (TLS) every hand-off wakes at once.
 * VIRTUAL_THREADS: one virtual thread per delivery (or batch), started directly: an executor
 * would keep a set entry and a wrapper per thread, heap that every message in flight pays for.
 */
public abstract class Dispatcher {
    private final WorkerPool pool;
    private final ThreadFactory virtualThreads;
    private final WorkerCall call;
    private volatile boolean stopping;
    private volatile boolean shutdown;
    /** Set when the consuming connection calls {@link #handOver()} before each read of its socket. */
    private volatile boolean handOverAtReads;

    Dispatcher(Settings settings, WorkerCall call) {
        this.call = call;
        String prefix = "ctec-worker-" + settings.queue() + "-";
        if (settings.mode() == ConcurrencyMode.VIRTUAL_THREADS) {
            // One virtual thread per delivery (or batch) in flight; the broker's prefetch bounds how many.
            // One shared name, no counter: a numbered name would be formatted for every delivery.
            this.virtualThreads = Thread.ofVirtual().name(prefix + "virtual").factory();
            this.pool = null;
        } else {
            // No bound on its queue: the broker's prefetch bounds it, it never sends more unacked messages.
            this.pool = new WorkerPool(settings.threads(), Thread.ofPlatform().daemon(true).name(prefix, 1).factory());
            this.virtualThreads = null;
        }
    }

    /** Takes a delivery on the consuming connection's thread. */
    public abstract void dispatch(Delivery delivery);

    /** Graceful stop: work not started yet goes back to the queue instead of running. */
    public void stopAccepting() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * From now on the consuming connection's thread calls {@link #handOver()} before every read of
     * its socket, so work it dispatches may wait for that call to wake a worker.
     */
    public void handOverAtReads() {
        handOverAtReads = true;
    }

    /**
     * Wakes a worker for what the connection's thread has dispatched since its last read, if no
     * worker is about to look anyway. Called on that thread, before it reads or waits.
     */
    public void handOver() {
        if (pool != null) {
            pool.handOver();
        }
    }

    /** Ends the worker threads; those still running after the shutdown timeout are interrupted. */
    public void shutdownNow() {
        shutdown = true;
        if (pool != null) {
            pool.shutdownNow();
        } else {
            call.interruptRunning();
        }
    }

    /** Runs work on a worker at once (wakes one if needed): from any thread. */
    void execute(Runnable work) {
        execute(work, false);
    }

    /**
     * Runs work dispatched on the consuming connection's thread: its wake-up may wait for the
     * {@link #handOver()} before the next read.
     */
    void executeFromConnection(Runnable work) {
        execute(work, handOverAtReads);
    }

    private void execute(Runnable work, boolean deferWake) {
        if (pool != null) {
            pool.execute(work, deferWake);
        } else if (shutdown) {
            throw new RejectedExecutionException("the consumer has stopped");
        } else {
            virtualThreads.newThread(work).start();
        }
    }
}
