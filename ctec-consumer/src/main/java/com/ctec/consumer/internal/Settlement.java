package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.Outcome;
import org.slf4j.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Settle, the last step of a message: from the worker's answer to the frame that settles it.
 *
 * <p>SUCCESS: the forward and RPC answer ({@link Forwarding}) are confirmed, then the original is
 * acked. A failure (REDELIVER, exception, null, a forward that failed) is republished for its
 * next attempt ({@link Retrying}), or dead-lettered after the last one; REJECT is dead-lettered at
 * once ({@link DeadLettering}). Each outcome is a future; only once it completes is the original
 * acked, so a message is always with the broker somewhere. If an outcome fails, the original is
 * requeued after a pause instead of acked. The session is checked once, here: a message whose
 * session is gone is dropped (the broker redelivers it), never published again.
 *
 * <p>Called on worker threads; futures complete on the publisher's confirm thread; the frame is
 * posted to the session's ack thread.
 */
final class Settlement {
    /** Before requeueing a message whose outcome could not be published: avoids a hot loop while the broker is unwell. */
    static final long REQUEUE_PAUSE_MILLIS = 1_000;

    /** Runs a task later; a seam so that tests need not wait. */
    @FunctionalInterface
    interface Pause {
        void after(long millis, Runnable task);
    }

    private final String queue;
    private final int maxAttempts;
    private final Logger log;
    private final Forwarding forwarding;
    private final Retrying retrying;
    private final DeadLettering deadLettering;
    private final Counters counters;
    private final Listeners listeners;
    private final ConsumerInfo info;
    private final Pause pause;

    Settlement(Settings settings, Publishing publisher, Counters counters, Listeners listeners, ConsumerInfo info,
               ScheduledExecutorService scheduler) {
        this(settings, publisher, counters, listeners, info, schedulerPause(scheduler), Clock.systemUTC());
    }

    Settlement(Settings settings, Publishing publisher, Counters counters, Listeners listeners, ConsumerInfo info,
               Pause pause, Clock clock) {
        this.queue = settings.queue();
        this.maxAttempts = settings.maxAttempts();
        this.log = settings.logger();
        OwnQueues ownQueues = new OwnQueues(publisher);
        this.forwarding = new Forwarding(publisher, settings.rpc(), queue, log, counters);
        this.retrying = new Retrying(publisher, ownQueues, new RetryRoutes(settings), queue);
        this.deadLettering = new DeadLettering(publisher, ownQueues, queue, log, DeadLetterRoute.configured(settings), clock);
        this.counters = counters;
        this.listeners = listeners;
        this.info = info;
        this.pause = pause;
    }

    /** Where dead letters go from now on (learned at each subscribe). */
    void deadLetterRoute(CompletableFuture<DeadLetterRoute> route) {
        deadLettering.route(route);
    }

    /** Settles one message after its worker call. */
    void settle(Delivery delivery, WorkerCall.Result result) {
        if (result.failed()) {
            counters.failed();
        }
        settleWith(delivery, result);
    }

    /**
     * Settles every message of a batch with the batch's answer. A failed batch retries each
     * message on its own count; the dispatcher hands retried messages over alone, so one poison
     * message cannot drag the good messages of its batch to the dead letters.
     */
    void settleBatch(List<Delivery> batch, WorkerCall.Result result) {
        if (result.failed()) {
            counters.failed();
        }
        for (Delivery delivery : batch) {
            settleWith(delivery, result);
        }
    }

    /** Gives a message that was never started back to the queue (graceful stop). */
    void requeueUnstarted(Delivery delivery) {
        delivery.session().requeue(delivery.tag());
        finish(delivery, Outcome.ABANDONED, 0);
    }

    /** Drops a message whose session is gone: the broker redelivers it. */
    void abandon(Delivery delivery) {
        finish(delivery, Outcome.ABANDONED, 0);
    }

    private void settleWith(Delivery delivery, WorkerCall.Result result) {
        if (!delivery.session().alive()) {
            // Its channel is gone (recovery or a stop that timed out): the broker redelivers it; publishing would duplicate it.
            abandon(delivery);
            return;
        }
        switch (result.effective()) {
            case SUCCESS -> succeed(delivery, result.nanos());
            case REJECT -> deadLetter(delivery, "rejected by the worker (REJECT)", Outcome.REJECTED, result.nanos());
            case REDELIVER -> fail(delivery, describe(result), result.nanos());
        }
    }

    private void succeed(Delivery delivery, long nanos) {
        forwarding.publishFor(delivery.message()).whenComplete((ok, error) -> {
            if (error == null) {
                ack(delivery, Outcome.ACKED, nanos);
                return;
            }
            counters.failed();
            String why = Futures.unwrap(error).getMessage();
            log.warn("The forward or answer of message {} from queue '{}' failed ({}); the message is not acknowledged.",
                    delivery.tag(), queue, why);
            fail(delivery, "forward failed: " + why, nanos);
        });
    }

    private void fail(Delivery delivery, String why, long nanos) {
        listeners.messageFailed(info, why);
        int attempt = delivery.message().attempt();
        if (attempt >= maxAttempts) {
            log.warn("Message {} from queue '{}' failed its last attempt ({} of {}): dead-lettered. Last failure: {}",
                    delivery.tag(), queue, attempt, maxAttempts, why);
            deadLetter(delivery, why, Outcome.DEAD_LETTERED, nanos);
            return;
        }
        ackOnceDone(retrying.retry(delivery.message(), why), delivery, Outcome.RETRIED, nanos, "its retry");
    }

    private void deadLetter(Delivery delivery, String why, Outcome outcome, long nanos) {
        ackOnceDone(deadLettering.deadLetter(delivery.message(), why), delivery, outcome, nanos, "its dead letter");
    }

    /** Acks the original once its outcome is confirmed; requeues it after a pause when the outcome failed. */
    private void ackOnceDone(CompletableFuture<Void> outcomePublished, Delivery delivery, Outcome outcome, long nanos,
                             String what) {
        outcomePublished.whenComplete((ok, error) -> {
            if (error == null) {
                ack(delivery, outcome, nanos);
            } else {
                requeueLater(delivery, what + " could not be published: " + Futures.unwrap(error).getMessage());
            }
        });
    }

    private void requeueLater(Delivery delivery, String why) {
        log.error("Message {} from queue '{}' is requeued in {} ms, not acknowledged, because {}.",
                delivery.tag(), queue, REQUEUE_PAUSE_MILLIS, why);
        pause.after(REQUEUE_PAUSE_MILLIS, () -> {
            delivery.session().requeue(delivery.tag());
            finish(delivery, Outcome.ABANDONED, 0);
        });
    }

    private void ack(Delivery delivery, Outcome outcome, long nanos) {
        boolean posted = delivery.session().ack(delivery.tag());
        finish(delivery, posted ? outcome : Outcome.ABANDONED, nanos);
    }

    private void finish(Delivery delivery, Outcome outcome, long nanos) {
        delivery.session().settled();
        counters.settled(outcome);
        listeners.messageSettled(info, outcome, nanos);
    }

    private static String describe(WorkerCall.Result result) {
        Throwable failure = result.failure();
        if (failure == null) {
            return "the worker answered " + ConsumeResult.REDELIVER;
        }
        return failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** Later on the scheduler; at once when it is shut down (stopping: no hot loop to fear, and the drain waits). */
    private static Pause schedulerPause(ScheduledExecutorService scheduler) {
        return (millis, task) -> {
            try {
                scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                task.run();
            }
        };
    }
}
