package com.ctec.consumer.internal.settle;

import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.DeadLetterRoute;
import com.ctec.consumer.internal.Headers;
import com.ctec.consumer.internal.publish.Futures;
import com.ctec.consumer.internal.publish.Publishing;
import com.rabbitmq.client.AMQP;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Dead letter, the outcome of a REJECT or of a last failed attempt: the message with headers that
 * say why ({@code x-ctec-exception}, {@code x-ctec-attempts}, {@code x-ctec-original-queue},
 * {@code x-ctec-failed-at}) goes to the queue's dead-letter route, learned at each subscribe. A
 * route that fails (a missing exchange, nothing bound) falls back to {@code <queue>.dlq}: a dead
 * letter is never dropped.
 */
final class DeadLettering {
    /** How long a dead letter waits for the route lookup before it takes the configured route. */
    static final long ROUTE_WAIT_SECONDS = 5;

    private final Publishing publisher;
    private final OwnQueues ownQueues;
    private final String queue;
    private final Logger log;
    private final DeadLetterRoute configured;
    private final Clock clock;
    private volatile CompletableFuture<DeadLetterRoute> route;

    DeadLettering(Publishing publisher, OwnQueues ownQueues, String queue, Logger log, DeadLetterRoute configured, Clock clock) {
        this.publisher = publisher;
        this.ownQueues = ownQueues;
        this.queue = queue;
        this.log = log;
        this.configured = configured;
        this.clock = clock;
        this.route = CompletableFuture.completedFuture(configured);
    }

    /** Where dead letters go from now on; a dead letter waits for the lookup at most {@link #ROUTE_WAIT_SECONDS}. */
    void route(CompletableFuture<DeadLetterRoute> learned) {
        this.route = learned.completeOnTimeout(configured, ROUTE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Completes when the dead letter is confirmed, on its route or in the fallback queue. */
    CompletableFuture<Void> deadLetter(WorkerMessage message, String why) {
        Map<String, Object> headers = Headers.origin(message);
        headers.put(Headers.EXCEPTION, Headers.truncate(why));
        headers.put(Headers.ATTEMPTS, message.attempt());
        headers.put(Headers.ORIGINAL_QUEUE, queue);
        headers.put(Headers.FAILED_AT, Instant.now(clock).toString());
        headers.put(Headers.ATTEMPT, null);
        headers.put(Headers.DELIVERY_COUNT, null);
        AMQP.BasicProperties properties = Headers.withHeaders(message.basicProperties(), headers);
        String originalKey = (String) headers.get(Headers.ORIGINAL_ROUTING_KEY);
        return route.thenCompose(current -> publish(current, originalKey, properties, message.body()));
    }

    private CompletableFuture<Void> publish(DeadLetterRoute current, String originalKey, AMQP.BasicProperties properties,
                                            byte[] body) {
        if (current.isFallback(queue)) {
            return toFallback(properties, body);
        }
        return publisher.publishToCheckedExchange(Publishing.Lane.ENGINE, current.exchange(), current.routingKeyFor(originalKey),
                        properties, body)
                .handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    log.warn("Dead letter to {} failed ({}); it goes to '{}' instead.", current.why(),
                            Futures.unwrap(error).getMessage(), DeadLetterRoute.fallbackQueue(queue));
                    return toFallback(properties, body);
                });
    }

    private CompletableFuture<Void> toFallback(AMQP.BasicProperties properties, byte[] body) {
        return ownQueues.publish(DeadLetterRoute.fallbackQueue(queue), Map.of(), properties, body);
    }
}
