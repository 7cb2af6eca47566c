package com.ctec.consumer.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One life of the consuming connection and channel, from subscribe to loss. Deliveries remember
 * the session they came on: only that session may settle them, and once it is lost their results
 * are dropped (the broker redelivers them), never acked on the next channel.
 */
final class ChannelSession {
    private final Connection connection;
    private final Channel channel;
    private final Acknowledger acknowledger;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile boolean alive = true;
    private volatile String consumerTag;

    ChannelSession(Connection connection, Channel channel, String queue, int prefetch, Logger log) {
        this.connection = connection;
        this.channel = channel;
        this.acknowledger = new Acknowledger(channel, queue, prefetch, log);
        connection.addShutdownListener(cause -> markLost("connection lost: " + BrokerErrors.describe(cause)));
        channel.addShutdownListener(cause -> markLost("channel closed: " + BrokerErrors.describe(cause)));
        acknowledger.start();
    }

    Channel channel() {
        return channel;
    }

    Connection connection() {
        return connection;
    }

    boolean alive() {
        return alive;
    }

    void consumerTag(String tag) {
        this.consumerTag = tag;
    }

    String consumerTag() {
        return consumerTag;
    }

    /** Completes with the reason when the session is lost (or stop is asked). */
    CompletableFuture<String> lost() {
        return lost;
    }

    /** Posts an ack; false when the session is lost and the message will come again. */
    boolean ack(long tag) {
        if (!alive) {
            return false;
        }
        acknowledger.ack(tag);
        return true;
    }

    boolean reject(long tag) {
        if (!alive) {
            return false;
        }
        acknowledger.reject(tag);
        return true;
    }

    boolean requeue(long tag) {
        if (!alive) {
            return false;
        }
        acknowledger.requeue(tag);
        return true;
    }

    void markLost(String reason) {
        lost.complete(reason);
    }

    /** Stops delivery to this session's consumer; in-flight work may still finish and settle. */
    void cancel() {
        String tag = consumerTag;
        if (tag == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            // The channel is going away anyway: its unacked messages return to the queue.
        }
    }

    /** Sends what is settled, then closes: unacknowledged messages go back to the queue. */
    void closeGracefully(long timeoutMillis) {
        acknowledger.flushAndClose(timeoutMillis);
        alive = false;
        Connections.closeQuietly(connection);
    }

    /** The session is lost: drop settlements and close what is left. */
    void abandon() {
        alive = false;
        acknowledger.abandon();
        Connections.closeQuietly(connection);
    }
}
