package com.ctec.consumer.internal.settle;

import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.publish.Futures;
import com.ctec.consumer.internal.publish.PublishFailedException;
import com.ctec.consumer.internal.publish.Publishing;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The queues the engine declares for itself: delay queues for retries and the fallback
 * dead-letter queue {@code <queue>.dlq}. Each is declared once and remembered; when a publish to
 * one comes back unroutable (an operator deleted it) it is forgotten, declared again and the
 * message published once more, so a deleted queue costs one round trip, not a message stuck for ever.
 * A queue is declared with the type learned at subscribe ({@link OwnQueueType}); one that already
 * exists keeps the type it has.
 */
final class OwnQueues {
    private final Publishing publisher;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile CompletableFuture<OwnQueueType> type = CompletableFuture.completedFuture(OwnQueueType.CLASSIC);

    OwnQueues(Publishing publisher) {
        this.publisher = publisher;
    }

    /** The type queues declared from now on take; a declare waits for it at most {@link DeadLettering#ROUTE_WAIT_SECONDS}. */
    void type(CompletableFuture<OwnQueueType> learned) {
        this.type = learned.completeOnTimeout(OwnQueueType.CLASSIC, DeadLettering.ROUTE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Publishes to {@code queue} (durable, with {@code arguments}), declaring it first if it is not known to exist. */
    CompletableFuture<Void> publish(String queue, Map<String, Object> arguments, AMQP.BasicProperties properties, byte[] body) {
        return declaredThenPublish(queue, arguments, properties, body).exceptionallyCompose(error -> {
            if (!Futures.unroutable(error)) {
                return CompletableFuture.failedFuture(Futures.unwrap(error));
            }
            // Returned, so not queued: declaring again and publishing once more cannot duplicate it.
            declared.remove(queue);
            return declaredThenPublish(queue, arguments, properties, body);
        });
    }

    private CompletableFuture<Void> declaredThenPublish(String queue, Map<String, Object> arguments,
                                                        AMQP.BasicProperties properties, byte[] body) {
        CompletableFuture<Void> ready = declared.contains(queue) ? CompletableFuture.completedFuture(null)
                : type.thenCompose(current -> publisher.declareAsync(channel -> declare(channel, queue, current.arguments(arguments))))
                        .handle((ok, error) -> {
                            if (error != null) {
                                throw new CompletionException(new PublishFailedException("could not declare queue '" + queue
                                        + "': " + BrokerErrors.describe(Futures.unwrap(error)), false));
                            }
                            declared.add(queue);
                            return null;
                        });
        return ready.thenCompose(ok -> publisher.publish(Publishing.Lane.ENGINE, "", queue, properties, body));
    }

    /**
     * Looks first, declares only a missing queue: one an operator made with other arguments (a
     * quorum dead-letter queue, say) is used as it is instead of failing every declare with a 406.
     */
    private static void declare(Channel channel, String queue, Map<String, Object> arguments) throws IOException {
        try {
            channel.queueDeclarePassive(queue);
        } catch (IOException missing) {
            // The 404 closed this channel: declare on a fresh one of the same connection.
            try (Channel fresh = channel.getConnection().createChannel()) {
                fresh.queueDeclare(queue, true, false, false, arguments);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("closing the declaring channel timed out", e);
            }
        }
    }
}
