package com.ctec.consumer.internal.work;

/**
 * One worker call as the {@link SlowWorkerWatch} sees it while it runs: when it started, on which
 * thread, on what. The dispatcher's task for a delivery (or a batch) extends it, so that watching a
 * call allocates nothing of its own: on a virtual thread every object of a blocked call stays on
 * the heap for as long as it waits (docs/benchmarks.md, memory per message in flight).
 *
 * <p>The fields belong to the watch, which links running calls into a list under its lock.
 */
public abstract class RunningCall {
    long startNanos;
    Thread thread;
    /** The message, or for a batch an object whose {@code toString()} describes it. */
    Object what;
    boolean warned;
    RunningCall previous;
    RunningCall next;
}
