package com.ctec.consumer.internal.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Publishing with confirms, as the outcomes of a message need it; each future completes when the
 * broker confirmed the publish and fails when it did not (nack, return, channel gone).
 * {@link ConfirmedPublisher} is the one implementation; outcome tests use a recording fake.
 */
public interface Publishing {
    /** Which channel a publish goes on. */
    enum Lane {
        /** Forwards and RPC answers: destinations the user chose, which may not exist. */
        USER,
        /** Retries and dead letters: destinations the engine declares itself. */
        ENGINE
    }

    /** Something to declare on a short-lived channel of the publishing connection. */
    @FunctionalInterface
    interface Declaration {
        void declare(Channel channel) throws IOException;
    }

    /**
     * Publishes with confirms; {@code mandatory=false} only for direct reply-to, which RabbitMQ
     * reports as unroutable even when it delivers the answer.
     */
    CompletableFuture<Void> publish(Lane lane, String exchange, String routingKey, AMQP.BasicProperties properties,
                                    byte[] body, boolean mandatory);

    /** Publishes with confirms and mandatory routing. */
    default CompletableFuture<Void> publish(Lane lane, String exchange, String routingKey, AMQP.BasicProperties properties,
                                            byte[] body) {
        return publish(lane, exchange, routingKey, properties, body, true);
    }

    /** Publishes mandatory to an exchange first checked to exist (a publish to a missing one closes its channel). */
    CompletableFuture<Void> publishToCheckedExchange(Lane lane, String exchange, String routingKey,
                                                     AMQP.BasicProperties properties, byte[] body);

    /** Runs a declaration off the caller's thread; the future fails with the broker's error. */
    CompletableFuture<Void> declareAsync(Declaration declaration);
}
