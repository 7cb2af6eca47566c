package com.ctec.consumer.internal.engine;

import com.ctec.consumer.internal.DeliverySession;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.connect.Connections;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One life of the consuming connection and channel, from subscribe to loss. Deliveries remember
 * the session they came on: only that session may settle them, and once it is lost their results
 * are dropped (the broker redelivers them), never acked on the next channel.
 */
final class ChannelSession implements DeliverySession {
    private final Connection connection;
    private final Channel channel;
    private final Acknowledger acknowledger;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    /** Deliveries of this session handed to the dispatcher and not settled yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Completed once draining was asked for and nothing is in flight. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;
    private volatile boolean alive = true;
    private volatile String consumerTag;

    ChannelSession(Connection connection, Channel channel, String queue, int prefetch, Logger log) {
        this.connection = connection;
        this.channel = channel;
        this.acknowledger = new Acknowledger(channel, queue, prefetch, log, () -> markLost("its ack thread failed"));
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

    @Override
    public boolean alive() {
        return alive;
    }

    void consumerTag(String tag) {
        this.consumerTag = tag;
    }

    String consumerTag() {
        return consumerTag;
    }

    /**
     * The queue's ready messages: a passive declare on a channel of its own, opened and closed for
     * it, because a failed declare closes its channel and must never close the consuming one.
     */
    OptionalLong readyMessages(String queue) {
        if (!alive || !connection.isOpen()) {
            return OptionalLong.empty();
        }
        try (Channel probe = connection.createChannel()) {
            return OptionalLong.of(probe.queueDeclarePassive(queue).getMessageCount());
        } catch (IOException | TimeoutException | RuntimeException e) {
            return OptionalLong.empty(); // Lost, or the queue was deleted: the session's own listeners report that.
        }
    }

    /** Completes with the reason when the session is lost (or stop is asked). */
    CompletableFuture<String> lost() {
        return lost;
    }

    /** Posts an ack; false when the session is lost and the message will come again. */
    @Override
    public boolean ack(long tag) {
        if (!alive) {
            return false;
        }
        acknowledger.ack(tag);
        return true;
    }

    @Override
    public boolean requeue(long tag) {
        if (!alive) {
            return false;
        }
        acknowledger.requeue(tag);
        return true;
    }

    /** A delivery of this session was handed to the dispatcher. */
    void delivered() {
        inFlight.incrementAndGet();
    }

    /** A delivery of this session is settled (or dropped). */
    @Override
    public void settled() {
        // Both sides are volatile/atomic: either this sees draining, or drained() sees the count at zero.
        if (inFlight.decrementAndGet() == 0 && draining) {
            drained.complete(null);
        }
    }

    @Override
    public boolean draining() {
        return draining;
    }

    /** Completes once none of this session's deliveries is in flight any more. */
    CompletableFuture<Void> drained() {
        draining = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Whether the connection and channel are still open (the loss was a cancel, not a broken link). */
    boolean open() {
        return connection.isOpen() && channel.isOpen();
    }

    void markLost(String reason) {
        lost.complete(reason);
    }

    /**
     * Stops delivery to this session's consumer; in-flight work may still finish and settle. Waits
     * for the broker's answer at most {@code timeoutMillis}: over a link gone silent it never comes,
     * and a stop must keep to its shutdown timeout.
     */
    void cancel(long timeoutMillis) {
        String tag = consumerTag;
        if (tag == null || !channel.isOpen()) {
            return;
        }
        CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> {
            try {
                channel.basicCancel(tag);
            } catch (IOException | RuntimeException e) {
                // The channel is going away anyway: its unacked messages return to the queue.
            }
        }, runnable -> Thread.ofVirtual().name("ctec-cancel-" + tag).start(runnable));
        try {
            cancelled.get(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Deliveries that still arrive are given back unstarted.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is settled, then closes: unacknowledged messages go back to the queue. */
    void closeGracefully(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        acknowledger.flushAndClose(timeoutMillis);
        alive = false;
        Connections.closeQuietly(connection, Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    /** The session is lost: drop settlements and close what is left. */
    void abandon() {
        alive = false;
        acknowledger.abandon();
        Connections.closeQuietly(connection);
    }
}
