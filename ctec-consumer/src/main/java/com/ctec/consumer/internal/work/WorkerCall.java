package com.ctec.consumer.internal.work;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
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

    public Result call(Worker worker, WorkerMessage message) {
        return call(worker, message, null);
    }

    public Result call(BatchWorker worker, List<WorkerMessage> messages) {
        Object what = new Object() {
            @Override
            public String toString() {
                return "a batch of " + messages.size() + " messages from queue '" + queue + "'";
            }
        };
        return call(worker, what, messages);
    }

    /**
     * The user's code, whichever kind of worker: the one place it is called, timed and watched.
     * {@code what} is the message, or for a batch ({@code batch} not null) its description. No
     * lambda on the way: on a virtual thread every frame of a blocked worker stays on the heap
     * while it waits, so the path to user code is kept short (docs/benchmarks.md, memory per message).
     */
    private Result call(Object worker, Object what, List<WorkerMessage> batch) {
        watch.started(what);
        long start = System.nanoTime();
        try {
            ConsumeResult answer = batch == null ? ((Worker) worker).handle((WorkerMessage) what) : ((BatchWorker) worker).handle(batch);
            return checked(answer, worker, System.nanoTime() - start, what);
        } catch (Throwable t) {
            return failed(t, System.nanoTime() - start, what);
        } finally {
            watch.finished(what);
        }
    }

    /** {@code what} is a message or a description; turned into text only when something is logged. */
    private Result checked(ConsumeResult answer, Object worker, long nanos, Object what) {
        if (answer != null) {
            return new Result(answer, null, nanos);
        }
        NullResultException failure = new NullResultException(worker.getClass().getName());
        log.error("The worker returned null for {}: return SUCCESS, REDELIVER or REJECT; treated as REDELIVER.", describe(what));
        return new Result(null, failure, nanos);
    }

    private Result failed(Throwable t, long nanos, Object what) {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.error("The worker threw {} on {}; treated as REDELIVER.", t.getClass().getName(), describe(what), t);
        return new Result(null, t, nanos);
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
