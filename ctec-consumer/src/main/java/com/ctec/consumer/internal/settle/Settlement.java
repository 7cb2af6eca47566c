package com.ctec.consumer.internal.settle;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.DeadLetterRoute;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.Later;
import com.ctec.consumer.internal.Listeners;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.publish.Futures;
import com.ctec.consumer.internal.publish.Publishing;
import com.ctec.consumer.internal.work.WorkerCall;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.Outcome;
import org.slf4j.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Settle, the last step of a message: from the worker's answer to the frame that settles it.
 *
 * <p>SUCCESS: the forward and RPC answer ({@link Forwarding}) are confirmed, then the original is
 * acked. A failure (REDELIVER, exception, null, a forward that failed) is republished for its
 * next attempt ({@link Retrying}), or dead-lettered after the last one; REJECT is dead-lettered at
 * once ({@link DeadLettering}). Each outcome is a future; only once it completes is the original
 * acked, so a message is always with the broker somewhere. If an outcome is not confirmed, the
 * original stays unacked and the outcome is published again with backoff. The session is checked once, here: a message whose
 * session is gone is dropped (the broker redelivers it), never published again.
 *
 * <p>Called on worker threads; futures complete on the publisher's confirm thread; the frame is
 * posted to the session's ack thread.
 */
public final class Settlement {
    /** The first pause before publishing an outcome again that the broker did not take; doubled each time. */
    static final long FIRST_OUTCOME_RETRY_MILLIS = 1_000;
    /** The longest pause between two tries of one outcome. */
    static final long MAX_OUTCOME_RETRY_MILLIS = 30_000;

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
    private final OwnQueues ownQueues;
    private final Counters counters;
    private final Listeners listeners;
    private final ConsumerInfo info;
    private final Pause pause;

    public Settlement(Settings settings, Publishing publisher, Counters counters, Listeners listeners, ConsumerInfo info,
               ScheduledExecutorService scheduler) {
        this(settings, publisher, counters, listeners, info, schedulerPause(scheduler), Clock.systemUTC());
    }

    public Settlement(Settings settings, Publishing publisher, Counters counters, Listeners listeners, ConsumerInfo info,
               Pause pause, Clock clock) {
        this.queue = settings.queue();
        this.maxAttempts = settings.maxAttempts();
        this.log = settings.logger();
        this.ownQueues = new OwnQueues(publisher);
        this.forwarding = new Forwarding(publisher, settings.rpc(), queue, log, counters);
        this.retrying = new Retrying(publisher, this.ownQueues, new RetryRoutes(settings), queue);
        this.deadLettering = new DeadLettering(publisher, this.ownQueues, queue, log, DeadLetterRoute.configured(settings), clock);
        this.counters = counters;
        this.listeners = listeners;
        this.info = info;
        this.pause = pause;
    }

    /** Where dead letters go and which type the engine's own queues take from now on (learned at each subscribe). */
    public void learned(CompletableFuture<QueueFacts> facts) {
        deadLettering.route(facts.thenApply(QueueFacts::deadLetterRoute));
        ownQueues.type(facts.thenApply(QueueFacts::ownQueueType));
    }

    /** Settles one message after its worker call. */
    public void settle(Delivery delivery, WorkerCall.Result result) {
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
    public void settleBatch(List<Delivery> batch, WorkerCall.Result result) {
        if (result.failed()) {
            counters.failed();
        }
        for (Delivery delivery : batch) {
            settleWith(delivery, result);
        }
    }

    /** Gives a message that was never started back to the queue (graceful stop). */
    public void requeueUnstarted(Delivery delivery) {
        delivery.session().requeue(delivery.tag());
        finish(delivery, Outcome.ABANDONED, 0);
    }

    /** Drops a message whose session is gone: the broker redelivers it. */
    public void abandon(Delivery delivery) {
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
        new PendingOutcome(() -> retrying.retry(delivery.message(), why), delivery, Outcome.RETRIED, nanos, "its retry").attempt();
    }

    private void deadLetter(Delivery delivery, String why, Outcome outcome, long nanos) {
        new PendingOutcome(() -> deadLettering.deadLetter(delivery.message(), why), delivery, outcome, nanos, "its dead letter")
                .attempt();
    }

    /**
     * An outcome decided but not yet with the broker (a retry or a dead letter). The original is
     * acked once the outcome is confirmed. Until then it stays unacked, so nothing is lost, and the
     * publish is tried again with backoff: the worker is not run again for an answer it already
     * gave (requeueing it would run the worker once a second for as long as a queue's node is down).
     * When the session is gone the broker redelivers the message; when it drains (a stop) the
     * message is requeued at once.
     */
    private final class PendingOutcome {
        private final Supplier<CompletableFuture<Void>> publish;
        private final Delivery delivery;
        private final Outcome outcome;
        private final long nanos;
        private final String what;
        private long pauseMillis = FIRST_OUTCOME_RETRY_MILLIS;

        PendingOutcome(Supplier<CompletableFuture<Void>> publish, Delivery delivery, Outcome outcome, long nanos, String what) {
            this.publish = publish;
            this.delivery = delivery;
            this.outcome = outcome;
            this.nanos = nanos;
            this.what = what;
        }

        void attempt() {
            if (!delivery.session().alive()) {
                abandon(delivery);   // lost while waiting: the broker redelivers it, a copy now would duplicate it
                return;
            }
            publish.get().whenComplete((ok, error) -> {
                if (error == null) {
                    ack(delivery, outcome, nanos);
                } else {
                    failed(Futures.unwrap(error).getMessage());
                }
            });
        }

        private void failed(String why) {
            if (!delivery.session().alive()) {
                abandon(delivery);   // its channel is gone: the broker redelivers it
            } else if (delivery.session().draining()) {
                log.warn("Message {} from queue '{}' goes back to the queue, not acknowledged: stopping while {} could not be "
                        + "published ({}).", delivery.tag(), queue, what, why);
                delivery.session().requeue(delivery.tag());
                finish(delivery, Outcome.ABANDONED, 0);
            } else {
                if (pauseMillis == FIRST_OUTCOME_RETRY_MILLIS) {
                    log.error("Message {} from queue '{}' stays unacknowledged because {} could not be published ({}); "
                            + "publishing it again with backoff (up to {} s), without running the worker again.",
                            delivery.tag(), queue, what, why, MAX_OUTCOME_RETRY_MILLIS / 1000);
                } else {
                    log.debug("Message {} from queue '{}': {} still could not be published ({}).", delivery.tag(), queue, what, why);
                }
                long wait = pauseMillis;
                pauseMillis = Math.min(MAX_OUTCOME_RETRY_MILLIS, pauseMillis * 2);
                pause.after(wait, this::attempt);
            }
        }
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

    /**
     * Later, on a virtual thread of its own (the task publishes, and the timer must never block);
     * at once when the timer is shut down (stopped: nothing to wait for any more).
     */
    private static Pause schedulerPause(ScheduledExecutorService scheduler) {
        return (millis, task) -> Later.run(scheduler, millis, () -> Thread.ofVirtual().name("ctec-outcome-retry").start(task));
    }
}
