package com.ctec.consumer.internal.work;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import org.slf4j.Logger;

import java.util.List;

/**
 * Calls user code and never lets it escape: an exception (even an Error) or a null result
 * becomes a failed {@link Result}, logged once with its stack trace.
 */
public final class WorkerCall {
    /** What a worker call came to; {@code failure} is set when it threw or returned null. */
    public record Result(ConsumeResult answer, Throwable failure, long nanos) {
        public boolean failed() {
            return failure != null;
        }

        /** REDELIVER for failures, else the worker's answer. */
        public ConsumeResult effective() {
            return failure != null ? ConsumeResult.REDELIVER : answer;
        }
    }

    /** Thrown into a result when a worker returns null, so the dead letter can say why. */
    static final class NullResultException extends Exception {
        private static final long serialVersionUID = 1L;

        NullResultException(String worker) {
            super("worker " + worker + " returned null: return SUCCESS, REDELIVER or REJECT");
        }
    }

    private final Logger log;
    private final String queue;
    private final SlowWorkerWatch watch;

    public WorkerCall(Logger log, String queue, SlowWorkerWatch watch) {
        this.log = log;
        this.queue = queue;
        this.watch = watch;
    }

    /**
     * A batch's call of user code: timed, watched, and never allowed to escape. A single message's
     * call is made by its dispatcher task itself with the same steps ({@link #started},
     * {@link #answered}, {@link #threw}, {@link #finished}): on a virtual thread every frame of a
     * blocked worker stays on the heap while it waits, and a frame here between the task and user
     * code cost each message in flight about 200 bytes (docs/benchmarks.md, 6d).
     */
    public Result call(BatchWorker worker, List<WorkerMessage> messages, RunningCall running) {
        Object what = new Object() {
            @Override
            public String toString() {
                return "a batch of " + messages.size() + " messages from queue '" + queue + "'";
            }
        };
        long start = started(running, what);
        try {
            return answered(worker.handle(messages), worker, start, what);
        } catch (Throwable t) {
            return threw(t, start, what);
        } finally {
            finished(running);
        }
    }

    /** A call of user code on {@code what} (a message, or a batch's description) starts; returns its start time. */
    public long started(RunningCall running, Object what) {
        watch.started(running, what);
        return System.nanoTime();
    }

    /** The call returned {@code answer}: a result, failed when the answer is null (logged once). */
    public Result answered(ConsumeResult answer, Object worker, long start, Object what) {
        long nanos = System.nanoTime() - start;
        if (answer != null) {
            return new Result(answer, null, nanos);
        }
        NullResultException failure = new NullResultException(worker.getClass().getName());
        log.error("The worker returned null for {}: return SUCCESS, REDELIVER or REJECT; treated as REDELIVER.", describe(what));
        return new Result(null, failure, nanos);
    }

    /** The call threw: a failed result, logged once with its stack trace. */
    public Result threw(Throwable t, long start, Object what) {
        long nanos = System.nanoTime() - start;
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.error("The worker threw {} on {}; treated as REDELIVER.", t.getClass().getName(), describe(what), t);
        return new Result(null, t, nanos);
    }

    /** The call is over, whichever way. */
    public void finished(RunningCall running) {
        watch.finished(running);
    }

    /** Interrupts the worker calls still running (virtual threads have no pool that could). */
    public void interruptRunning() {
        watch.interruptRunning();
    }

    static String describe(Object what) {
        if (what instanceof WorkerMessage message) {
            return "message " + message.deliveryTag() + " (attempt " + message.attempt() + ") from queue '" + message.queue() + "'";
        }
        return String.valueOf(what);
    }
}
