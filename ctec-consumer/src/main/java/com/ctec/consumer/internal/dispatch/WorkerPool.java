package com.ctec.consumer.internal.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * THREADS mode's fixed set of worker threads, taking work from one queue. What it does differently
 * from a {@code ThreadPoolExecutor} is <em>when it wakes a thread</em>: waking a parked thread costs
 * more than a trivial worker call, and the pool it replaced woke one for nearly every delivery.
 *
 * <p>Each worker is in one of three states: <b>looking</b> (awake, not in user code: it will poll
 * the queue before it parks; a thread being woken counts as looking from the moment it is chosen),
 * <b>running</b> a task, or <b>parked</b>. The rules, after ForkJoinPool's {@code signalWork}:
 * <ol>
 *   <li>a worker that finishes a task takes the next one from the queue without parking;</li>
 *   <li>new work wakes a parked worker only when no worker is looking;</li>
 *   <li>a worker that takes a task while others wait in the queue and no other worker is looking
 *       wakes one first: the task it took may be slow, and the ones behind it must not wait for it
 *       while a thread is free;</li>
 *   <li>a worker about to park announces it, then looks at the queue once more, so that work
 *       offered while it gave up is never left with nobody looking (both sides use volatile
 *       reads and writes: either the offer sees the worker looking, or the worker sees the offer).</li>
 * </ol>
 *
 * <p><b>Hand-over at the end of a read.</b> Work offered with {@code deferWake} (deliveries taken
 * on the consuming connection's thread) does not wake a worker at once: the wake is owed until
 * {@link #handOver()}, which the connection's thread calls before it reads from the socket again.
 * Every delivery that arrived in one read then goes out with at most one wake-up, instead of one
 * each. The delay is the time to decode what is already read, never the time of a worker call.
 *
 * <p>Threads start on demand, up to {@code threads}; {@link #shutdownNow()} interrupts them.
 */
final class WorkerPool {
    /** One worker thread; {@code woken} is its wake-up permit, set by whoever takes it off the idle stack. */
    private static final class Worker {
        Thread thread;
        volatile boolean woken;
    }

    private final int threads;
    private final ThreadFactory factory;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Workers awake and not in user code, plus workers chosen to wake that have not looked yet. */
    private final AtomicInteger looking = new AtomicInteger();
    /** Guards {@link #idle}, {@link #started} and {@link #all}; taken only to park and to wake, not per task. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Parked workers, the most recently parked on top (its caches are the warmest). */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final List<Worker> all = new ArrayList<>();
    private int started;
    /** Work was offered with its wake deferred to the next {@link #handOver()}. */
    private volatile boolean wakeOwed;
    private volatile boolean shutdown;

    WorkerPool(int threads, ThreadFactory factory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads was " + threads + ": a pool needs at least 1");
        }
        this.threads = threads;
        this.factory = factory;
    }

    /**
     * Queues a task for a worker. With {@code deferWake}, a wake-up it needs is owed until the
     * caller's next {@link #handOver()}; the caller must then call it soon, on the same thread.
     *
     * @throws RejectedExecutionException after {@link #shutdownNow()}
     */
    void execute(Runnable task, boolean deferWake) {
        if (shutdown) {
            throw new RejectedExecutionException("the worker pool is shut down");
        }
        queue.offer(task);
        if (looking.get() > 0) {
            return; // rule 2: a looking worker will poll the queue before it parks (rule 4)
        }
        if (deferWake) {
            wakeOwed = true;
        } else {
            wakeOne();
        }
    }

    /** Pays the wake-up owed by deferred work, unless a worker has started looking meanwhile. */
    void handOver() {
        if (wakeOwed) {
            wakeOwed = false;
            if (looking.get() == 0 && !queue.isEmpty()) {
                wakeOne();
            }
        }
    }

    /** Interrupts every worker (running ones too) and ends them; queued tasks are dropped, never run. */
    void shutdownNow() {
        shutdown = true;
        lock.lock();
        try {
            for (Worker worker : all) {
                worker.woken = true;
                worker.thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
        queue.clear();
    }

    /** Workers started so far: for tests. */
    int started() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a parked worker off the idle stack and wakes it, or starts a new one; none when all are busy. */
    private void wakeOne() {
        Worker chosen;
        lock.lock();
        try {
            chosen = idle.pollFirst();
            if (chosen == null && started < threads && !shutdown) {
                looking.incrementAndGet(); // before it starts: it may take a task (and count itself out) at once
                started++;
                startWorker();
                return;
            }
            if (chosen == null) {
                return; // every thread runs a task: each looks at the queue when it finishes (rule 1)
            }
            looking.incrementAndGet();
            chosen.woken = true;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(chosen.thread);
    }

    private void startWorker() {
        Worker worker = new Worker();
        worker.thread = factory.newThread(() -> work(worker));
        all.add(worker);
        worker.thread.start();
    }

    /** A worker's life; it starts looking (counted by whoever started it). */
    private void work(Worker me) {
        while (!shutdown) {
            Runnable task = queue.poll();
            if (task == null) {
                park(me);
                continue;
            }
            // Rule 3: from here this thread runs user code; if work waits and nobody else looks, wake someone.
            if (looking.decrementAndGet() == 0 && !queue.isEmpty()) {
                wakeOne();
            }
            try {
                task.run();
            } catch (Throwable e) {
                // Tasks catch their own failures; this only keeps the thread (and the count of who looks) right if one escapes.
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
            Thread.interrupted(); // an interrupt meant for the call just finished must not hit the next one
            looking.incrementAndGet();
        }
    }

    private void park(Worker me) {
        lock.lock();
        try {
            me.woken = false;
            idle.addFirst(me);
            looking.decrementAndGet();
        } finally {
            lock.unlock();
        }
        // Rule 4: work offered after our poll, by someone who still saw us looking, is ours to take.
        if (!queue.isEmpty() && unpark(me)) {
            return;
        }
        while (!me.woken && !shutdown) {
            LockSupport.park(this);
            Thread.interrupted(); // a stray interrupt of an idle worker would make park return at once, for ever
        }
    }

    /** Takes this worker back off the idle stack, looking again; false when a waker took it first (then it is woken). */
    private boolean unpark(Worker me) {
        lock.lock();
        try {
            if (idle.remove(me)) {
                looking.incrementAndGet();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
