package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.Outcome;
import com.rabbitmq.client.AMQP;
import org.slf4j.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The last step of a message: from the worker's answer to the frame that settles it.
 *
 * <p>SUCCESS publishes the forward and the RPC answer, if any, and acks only once the broker has
 * confirmed them. A failure (REDELIVER, exception, null, a forward that failed) is republished for
 * its next attempt, or dead-lettered after the last one; REJECT is dead-lettered at once. Every
 * republish is confirmed before the original is acked, so a message is always with the broker
 * somewhere. If a republish itself fails, the original is requeued after a pause instead of acked.
 * Called on worker threads; the final frame is posted to the channel's ack thread.
 */
final class Settlement {
    /** Before requeueing a message whose outcome could not be published: avoids a hot loop while the broker is unwell. */
    private static final long REQUEUE_PAUSE_MILLIS = 1_000;
    /** How long a dead letter waits for the route lookup before it takes the configured route. */
    private static final long ROUTE_WAIT_SECONDS = 5;

    private final Settings settings;
    private final Logger log;
    private final ConfirmedPublisher publisher;
    private final RetryRoutes retryRoutes;
    private final OwnQueues ownQueues;
    private final Counters counters;
    private final Listeners listeners;
    private final ConsumerInfo info;
    private final ScheduledExecutorService scheduler;
    /** Learned at each subscribe, in the background; a dead letter waits for it at most {@link #ROUTE_WAIT_SECONDS}. */
    private volatile CompletableFuture<DeadLetterRoute> deadLetterRoute;

    Settlement(Settings settings, ConfirmedPublisher publisher, Counters counters, Listeners listeners, ConsumerInfo info,
               ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.log = settings.logger();
        this.publisher = publisher;
        this.retryRoutes = new RetryRoutes(settings);
        this.ownQueues = new OwnQueues(publisher);
        this.counters = counters;
        this.listeners = listeners;
        this.info = info;
        this.scheduler = scheduler;
        this.deadLetterRoute = CompletableFuture.completedFuture(DeadLetterRoute.configured(settings));
    }

    /** Where dead letters go from now on (learned at each subscribe). */
    void deadLetterRoute(CompletableFuture<DeadLetterRoute> route) {
        this.deadLetterRoute = route.completeOnTimeout(DeadLetterRoute.configured(settings), ROUTE_WAIT_SECONDS, TimeUnit.SECONDS);
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

    /** Gives a message that was never started back to the queue (graceful stop). */
    void requeueUnstarted(Delivery delivery) {
        delivery.session().requeue(delivery.tag());
        finish(delivery, Outcome.ABANDONED, 0);
    }

    /** Drops a message whose channel is gone: the broker redelivers it. */
    void abandon(Delivery delivery) {
        finish(delivery, Outcome.ABANDONED, 0);
    }

    private void succeed(Delivery delivery, long nanos) {
        WorkerMessage message = delivery.message();
        List<CompletableFuture<Void>> publishes = new ArrayList<>(2);
        if (message.isPublish()) {
            publishes.add(forward(message));
        }
        String replyTo = message.basicProperties().getReplyTo();
        if (settings.rpc()) {
            if (replyTo == null || replyTo.isEmpty()) {
                log.warn("rpc(true) but message {} from queue '{}' has no reply_to: no answer sent.", delivery.tag(), settings.queue());
            } else {
                publishes.add(reply(message, replyTo));
            }
        }
        if (publishes.isEmpty()) {
            ack(delivery, Outcome.ACKED, nanos);
            return;
        }
        CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null) {
                ack(delivery, Outcome.ACKED, nanos);
            } else {
                counters.failed();
                String why = unwrap(error).getMessage();
                log.warn("The forward or answer of message {} from queue '{}' failed ({}); the message is not acknowledged.",
                        delivery.tag(), settings.queue(), why);
                fail(delivery, "forward failed: " + why, nanos);
            }
        });
    }

    private CompletableFuture<Void> forward(WorkerMessage message) {
        if (message.publishRoutingKey() == null) {
            return CompletableFuture.failedFuture(new PublishFailedException(
                    "the worker asked for a forward without a routing key: call setPublishRoutingKey or forward(exchange, key)", false));
        }
        AMQP.BasicProperties properties = Headers.withHeaders(message.publishProperties(), Headers.bookkeepingRemoved());
        String exchange = message.publishExchange() == null ? "" : message.publishExchange();
        return publisher.publishToCheckedExchange(ConfirmedPublisher.Lane.USER, exchange, message.publishRoutingKey(), properties, message.publishBody())
                .thenRun(counters::forwarded);
    }

    private CompletableFuture<Void> reply(WorkerMessage message, String replyTo) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .correlationId(message.basicProperties().getCorrelationId())
                .contentType(message.basicProperties().getContentType())
                .build();
        boolean directReplyTo = replyTo.startsWith("amq.rabbitmq.reply-to");
        return publisher.publish(ConfirmedPublisher.Lane.USER, "", replyTo, properties, message.replyBody(), !directReplyTo)
                .handle((ok, error) -> {
                    if (error == null) {
                        counters.replied();
                        return null;
                    }
                    if (unwrap(error) instanceof PublishFailedException p && p.unroutable()) {
                        // The caller has gone away: retrying the request would not bring it back.
                        log.warn("The RPC answer to '{}' could not be delivered (the caller has gone); the request is acknowledged.", replyTo);
                        return null;
                    }
                    throw new CompletionException(unwrap(error));
                });
    }

    private void fail(Delivery delivery, String why, long nanos) {
        listeners.messageFailed(info, why);
        int attempt = delivery.message().attempt();
        if (attempt >= settings.maxAttempts()) {
            log.warn("Message {} from queue '{}' failed its last attempt ({} of {}): dead-lettered. Last failure: {}",
                    delivery.tag(), settings.queue(), attempt, settings.maxAttempts(), why);
            deadLetter(delivery, why, Outcome.DEAD_LETTERED, nanos);
            return;
        }
        int next = attempt + 1;
        Map<String, Object> headers = originHeaders(delivery);
        headers.put(Headers.ATTEMPT, next);
        headers.put(Headers.LAST_FAILURE, truncate(why));
        headers.put(Headers.DELIVERY_COUNT, null);
        AMQP.BasicProperties properties = Headers.withHeaders(delivery.message().basicProperties(), headers);
        long delay = retryRoutes.delayMillis(next);
        byte[] body = delivery.message().body();
        CompletableFuture<Void> retried = delay == 0
                ? publisher.publish(ConfirmedPublisher.Lane.ENGINE, "", settings.queue(), properties, body)
                : ownQueues.publish(retryRoutes.delayQueue(delay), retryRoutes.delayQueueArguments(delay), properties, body);
        retried.whenComplete((ok, error) -> {
            if (error == null) {
                ack(delivery, Outcome.RETRIED, nanos);
            } else {
                requeueLater(delivery, "its retry could not be published: " + unwrap(error).getMessage());
            }
        });
    }

    private void deadLetter(Delivery delivery, String why, Outcome outcome, long nanos) {
        WorkerMessage message = delivery.message();
        Map<String, Object> headers = originHeaders(delivery);
        headers.put(Headers.EXCEPTION, truncate(why));
        headers.put(Headers.ATTEMPTS, message.attempt());
        headers.put(Headers.ORIGINAL_QUEUE, settings.queue());
        headers.put(Headers.FAILED_AT, Instant.now().toString());
        headers.put(Headers.ATTEMPT, null);
        headers.put(Headers.DELIVERY_COUNT, null);
        AMQP.BasicProperties properties = Headers.withHeaders(message.basicProperties(), headers);
        String originalKey = (String) headers.get(Headers.ORIGINAL_ROUTING_KEY);
        deadLetterRoute.thenCompose(route -> publishDeadLetter(route, originalKey, properties, message.body())).whenComplete((ok, error) -> {
            if (error == null) {
                ack(delivery, outcome, nanos);
            } else {
                requeueLater(delivery, "its dead letter could not be published: " + unwrap(error).getMessage());
            }
        });
    }

    /** Publishes to the route; an unroutable dead letter falls back to {@code <queue>.dlq}, never dropped. */
    private CompletableFuture<Void> publishDeadLetter(DeadLetterRoute route, String originalKey,
                                                      AMQP.BasicProperties properties, byte[] body) {
        if (route.isFallback(settings.queue())) {
            return publishToFallback(properties, body);
        }
        return publisher.publishToCheckedExchange(ConfirmedPublisher.Lane.ENGINE, route.exchange(), route.routingKeyFor(originalKey),
                        properties, body)
                .handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    log.warn("Dead letter to {} failed ({}); it goes to '{}' instead.", route.why(), unwrap(error).getMessage(),
                            DeadLetterRoute.fallbackQueue(settings.queue()));
                    return publishToFallback(properties, body);
                });
    }

    private CompletableFuture<Void> publishToFallback(AMQP.BasicProperties properties, byte[] body) {
        return ownQueues.publish(DeadLetterRoute.fallbackQueue(settings.queue()), Map.of(), properties, body);
    }

    private Map<String, Object> originHeaders(Delivery delivery) {
        Map<String, Object> headers = new HashMap<>();
        Map<String, Object> existing = delivery.message().properties();
        if (!existing.containsKey(Headers.ORIGINAL_ROUTING_KEY)) {
            headers.put(Headers.ORIGINAL_EXCHANGE, delivery.message().basicDeliver().getExchange());
            headers.put(Headers.ORIGINAL_ROUTING_KEY, delivery.message().basicDeliver().getRoutingKey());
        } else {
            headers.put(Headers.ORIGINAL_ROUTING_KEY, String.valueOf(existing.get(Headers.ORIGINAL_ROUTING_KEY)));
        }
        return headers;
    }

    private void requeueLater(Delivery delivery, String why) {
        log.error("Message {} from queue '{}' is requeued in {} ms, not acknowledged, because {}.",
                delivery.tag(), settings.queue(), REQUEUE_PAUSE_MILLIS, why);
        Runnable requeue = () -> {
            delivery.session().requeue(delivery.tag());
            finish(delivery, Outcome.ABANDONED, 0);
        };
        try {
            scheduler.schedule(requeue, REQUEUE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The consumer is stopping: no hot loop to fear any more, and the drain waits for this message.
            requeue.run();
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

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }
}
