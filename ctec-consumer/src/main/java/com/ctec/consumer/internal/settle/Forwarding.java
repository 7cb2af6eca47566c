package com.ctec.consumer.internal.settle;

import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.Headers;
import com.ctec.consumer.internal.publish.Futures;
import com.ctec.consumer.internal.publish.PublishFailedException;
import com.ctec.consumer.internal.publish.Publishing;
import com.rabbitmq.client.AMQP;
import org.slf4j.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Forward and reply, the outcomes of a SUCCESS: what the worker asked to publish (a forward, an
 * RPC answer) is published and confirmed before its original may be acked. A forward carries none
 * of our bookkeeping headers, so the next queue starts it at attempt 1.
 */
final class Forwarding {
    private final Publishing publisher;
    private final boolean rpc;
    private final String queue;
    private final Logger log;
    private final Counters counters;

    Forwarding(Publishing publisher, boolean rpc, String queue, Logger log, Counters counters) {
        this.publisher = publisher;
        this.rpc = rpc;
        this.queue = queue;
        this.log = log;
        this.counters = counters;
    }

    /**
     * Completes when every publish the message asked for is confirmed (at once when there is none).
     * The answer goes last, once the forward is confirmed: a forward that fails means the request
     * is retried, and its caller must not have been told it was done.
     */
    CompletableFuture<Void> publishFor(WorkerMessage message) {
        CompletableFuture<Void> forwarded = message.isPublish() ? forward(message) : CompletableFuture.completedFuture(null);
        if (!rpc) {
            return forwarded;
        }
        String replyTo = message.basicProperties().getReplyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            log.warn("rpc(true) but message {} from queue '{}' has no reply_to: no answer sent.", message.deliveryTag(), queue);
            return forwarded;
        }
        return forwarded.thenCompose(ok -> reply(message, replyTo));
    }

    private CompletableFuture<Void> forward(WorkerMessage message) {
        if (message.publishRoutingKey() == null) {
            return CompletableFuture.failedFuture(new PublishFailedException(
                    "the worker asked for a forward without a routing key: call setPublishRoutingKey or forward(exchange, key)", false));
        }
        AMQP.BasicProperties properties = Headers.withHeaders(message.publishProperties(), Headers.bookkeepingRemoved());
        String exchange = message.publishExchange() == null ? "" : message.publishExchange();
        return publisher.publishToCheckedExchange(Publishing.Lane.USER, exchange, message.publishRoutingKey(), properties,
                message.publishBody()).thenRun(counters::forwarded);
    }

    private CompletableFuture<Void> reply(WorkerMessage message, String replyTo) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .correlationId(message.basicProperties().getCorrelationId())
                .contentType(message.basicProperties().getContentType())
                .build();
        boolean directReplyTo = replyTo.startsWith("amq.rabbitmq.reply-to");
        return publisher.publish(Publishing.Lane.USER, "", replyTo, properties, message.replyBody(), !directReplyTo)
                .handle((ok, error) -> {
                    if (error == null) {
                        counters.replied();
                        return null;
                    }
                    if (Futures.unroutable(error)) {
                        // The caller has gone away: retrying the request would not bring it back.
                        log.warn("The RPC answer to '{}' could not be delivered (the caller has gone); the request is acknowledged.",
                                replyTo);
                        return null;
                    }
                    throw new CompletionException(Futures.unwrap(error));
                });
    }
}
