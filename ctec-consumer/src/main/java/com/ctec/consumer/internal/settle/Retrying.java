package com.ctec.consumer.internal.settle;

import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.Headers;
import com.ctec.consumer.internal.publish.Publishing;
import com.rabbitmq.client.AMQP;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Retry, the outcome of a failed attempt that is not the last: the message is republished with
 * its next attempt number and the reason, straight to its queue's tail or through a delay queue
 * ({@link RetryRoutes}); the original may be acked once the broker confirmed the copy.
 */
final class Retrying {
    private final Publishing publisher;
    private final OwnQueues ownQueues;
    private final RetryRoutes routes;
    private final String queue;

    Retrying(Publishing publisher, OwnQueues ownQueues, RetryRoutes routes, String queue) {
        this.publisher = publisher;
        this.ownQueues = ownQueues;
        this.routes = routes;
        this.queue = queue;
    }

    /** Completes when the copy for the next attempt is confirmed. */
    CompletableFuture<Void> retry(WorkerMessage message, String why) {
        int next = message.attempt() + 1;
        Map<String, Object> headers = Headers.origin(message);
        headers.put(Headers.ATTEMPT, next);
        headers.put(Headers.LAST_FAILURE, Headers.truncate(why));
        headers.put(Headers.DELIVERY_COUNT, null);
        AMQP.BasicProperties properties = Headers.withHeaders(message.basicProperties(), headers);
        long delay = routes.delayMillis(next);
        if (delay == 0) {
            return publisher.publish(Publishing.Lane.ENGINE, "", queue, properties, message.body());
        }
        return ownQueues.publish(routes.delayQueue(delay), routes.delayQueueArguments(delay), properties, message.body());
    }
}
