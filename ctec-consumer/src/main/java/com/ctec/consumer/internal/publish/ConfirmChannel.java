package com.ctec.consumer.internal.publish;

import com.ctec.consumer.internal.connect.BrokerErrors;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * One publishing channel in confirm mode and the publishes it has not had confirmed yet, by
 * sequence number. Confirms, nacks and returns arrive on the client's connection thread; the
 * futures are completed on {@code completions}. See {@link ConfirmedPublisher} for the rules
 * (retired after a publish that threw; returns matched by exchange, key and body).
 *
 * <p>Public, deliberately: the only confirm tracker of the project; the CLI's publisher and
 * {@code DeadLetters.moveBack} publish through it too. Not thread-safe for publishing: one thread
 * publishes on a channel at a time.
 */
public final class ConfirmChannel {
    private final Channel channel;
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    /** Set once a publish threw after taking a sequence number: later confirms would not match. */
    private volatile boolean retired;
    /** Runs what follows a confirm, off the client's connection thread. */
    private final Executor completions;
    /** Told when the channel closes (the publisher then forgets which exchanges exist). */
    private final Runnable onClose;

    /**
     * Puts {@code channel} in confirm mode; each publish's future completes on the client's
     * connection thread, so what follows it must be quick and must not block.
     */
    public ConfirmChannel(Channel channel) throws IOException {
        this(channel, Runnable::run, () -> { });
    }

    ConfirmChannel(Channel channel, Executor completions, Runnable onClose) throws IOException {
        this.channel = channel;
        this.completions = completions;
        this.onClose = onClose;
        channel.confirmSelect();
        channel.addConfirmListener((seq, multiple) -> settle(seq, multiple, null),
                (seq, multiple) -> settle(seq, multiple, "the broker refused it (nack)"));
        channel.addReturnListener(returned -> markReturned(returned.getExchange(), returned.getRoutingKey(), returned.getBody(),
                returned.getReplyCode() + " " + returned.getReplyText()));
        channel.addShutdownListener(this::failAll);
    }

    /** False once the channel closed or a publish on it threw: publish on a fresh one. */
    public boolean usable() {
        return !retired && channel.isOpen();
    }

    /**
     * Publishes; the future completes when the broker confirms, or fails with a
     * {@link PublishFailedException}: returned ({@code mandatory} and unroutable), nacked, or of
     * unknown outcome (the channel closed first).
     *
     * @throws IOException when the client could not send it (the channel is retired then)
     */
    public CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                                           boolean mandatory) throws IOException {
        long seq = channel.getNextPublishSeqNo();
        Pending pending = new Pending(exchange, routingKey, body, mandatory);
        unconfirmed.put(seq, pending);
        try {
            channel.basicPublish(exchange, routingKey, mandatory, properties, body);
        } catch (IOException | RuntimeException e) {
            unconfirmed.remove(seq);
            retire();
            throw e;
        }
        return pending.future;
    }

    /** No more publishes here; the channel closes once the earlier ones are confirmed. */
    private void retire() {
        retired = true;
        closeIfDrained();
    }

    private void closeIfDrained() {
        if (retired && unconfirmed.isEmpty() && channel.isOpen()) {
            completions.execute(() -> {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | RuntimeException e) {
                    // Nothing waits on it any more.
                }
            });
        }
    }

    private void markReturned(String exchange, String routingKey, byte[] body, String reply) {
        for (Pending pending : unconfirmed.values()) {
            if (pending.matches(exchange, routingKey, body)) {
                pending.returned = reply;
            }
        }
    }

    private void settle(long seq, boolean multiple, String nackReason) {
        Map<Long, Pending> done = multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
        List<Pending> settled = List.copyOf(done.values());
        done.clear();
        completions.execute(() -> settled.forEach(pending -> pending.complete(nackReason)));
        closeIfDrained();
    }

    private void failAll(ShutdownSignalException cause) {
        onClose.run();
        String reason = "its channel closed before the broker confirmed it, so it may or may not be queued: "
                + BrokerErrors.describe(cause);
        List<Pending> failed = List.copyOf(unconfirmed.values());
        unconfirmed.clear();
        completions.execute(() -> failed.forEach(pending -> pending.future.completeExceptionally(PublishFailedException.outcomeUnknown(
                "publish to exchange '" + pending.exchange + "' with key '" + pending.routingKey + "' failed: " + reason))));
    }

    /** A publish waiting for its confirm; a return (which comes first) marks it unroutable. */
    static final class Pending {
        final String exchange;
        final String routingKey;
        final byte[] body;
        final boolean mandatory;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile String returned;

        Pending(String exchange, String routingKey, byte[] body, boolean mandatory) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.body = body;
            this.mandatory = mandatory;
        }

        boolean matches(String returnedExchange, String returnedKey, byte[] returnedBody) {
            return mandatory && returned == null && exchange.equals(returnedExchange) && routingKey.equals(returnedKey)
                    && Arrays.equals(body, returnedBody);
        }

        void complete(String nackReason) {
            if (returned != null) {
                future.completeExceptionally(new PublishFailedException("no queue is bound to exchange '" + exchange
                        + "' for routing key '" + routingKey + "' (returned " + returned + ")", true));
            } else if (nackReason != null) {
                future.completeExceptionally(new PublishFailedException("publish to exchange '" + exchange
                        + "' with key '" + routingKey + "' failed: " + nackReason, false));
            } else {
                future.complete(null);
            }
        }
    }
}
