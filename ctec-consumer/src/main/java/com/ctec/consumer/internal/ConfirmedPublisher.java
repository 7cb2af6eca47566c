package com.ctec.consumer.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes forwards, RPC answers, retries and dead letters on the publishing connection, with
 * publisher confirms and {@code mandatory=true}; each publish returns a future that completes
 * when the broker confirms it, or fails when it is nacked, returned or its channel dies.
 *
 * <p>It has its own connection so that a broker blocking publishers (flow control, memory alarm)
 * never stalls consumption. One lock serialises publishes on the channel (a channel must not be
 * published on from two threads at once); confirms and returns arrive on the client's threads.
 * A channel closed by an error (e.g. a forward to an exchange that does not exist) fails only
 * its outstanding publishes and is reopened by the next publish.
 *
 * <p>Futures are completed on a thread of their own, never on the client's connection thread:
 * what follows a confirm (an ack, a retry, a declaration) may call the broker, and a blocking
 * call from the connection thread would wait for itself.
 */
final class ConfirmedPublisher implements AutoCloseable {
    /** Carries the publish sequence number so that a return can be matched to its publish. */
    static final String SEQUENCE_HEADER = "x-ctec-seq";
    /** After a failed connect, publishes fail fast for this long instead of reconnecting each time. */
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionFactory factory;
    private final AmqpUrl url;
    private final String connectionName;
    private final Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private ConfirmChannel current;
    private long lastConnectFailure;
    private String lastConnectError = "";
    private final ExecutorService completions;
    private volatile boolean closed;

    ConfirmedPublisher(ConnectionFactory factory, AmqpUrl url, String connectionName, Logger log) {
        this.factory = factory;
        this.url = url;
        this.connectionName = connectionName;
        this.log = log;
        this.completions = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon(true).name("ctec-confirms-" + connectionName).factory());
    }

    /** Publishes with confirms and mandatory routing; the future completes on the broker's confirm. */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        return publish(exchange, routingKey, properties, body, true);
    }

    /**
     * Publishes with confirms; {@code mandatory=false} only for direct reply-to, which RabbitMQ
     * reports as unroutable even when it delivers the answer.
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                                    boolean mandatory) {
        lock.lock();
        try {
            ConfirmChannel target = channel();
            return target.publish(exchange, routingKey, properties, body, mandatory);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new PublishFailedException(
                    "could not publish to exchange '" + exchange + "' with key '" + routingKey + "': " + BrokerErrors.describe(e), false));
        } finally {
            lock.unlock();
        }
    }

    /** Something to declare on a short-lived channel of the publishing connection. */
    @FunctionalInterface
    interface Declaration {
        void declare(Channel channel) throws IOException;
    }

    /**
     * Runs a declaration on a channel of its own, so that an error (406, 404) closes that channel
     * and not the one carrying publishes.
     */
    void declare(Declaration declaration) throws IOException {
        Connection open;
        lock.lock();
        try {
            channel();
            open = connection;
        } finally {
            lock.unlock();
        }
        Channel temporary = open.createChannel();
        try {
            declaration.declare(temporary);
        } finally {
            if (temporary.isOpen()) {
                try {
                    temporary.close();
                } catch (TimeoutException | RuntimeException e) {
                    // Closing a declaration channel cannot lose anything.
                }
            }
        }
    }

    /** Opens the publishing connection now, so that start-up errors surface at once. */
    void connect() throws IOException, TimeoutException {
        lock.lock();
        try {
            openConnection();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null && connection.isOpen()) {
                try {
                    connection.close(2_000);
                } catch (IOException | RuntimeException e) {
                    log.debug("Closing the publishing connection failed", e);
                }
            }
        } finally {
            lock.unlock();
        }
        completions.shutdown();
    }

    private ConfirmChannel channel() throws IOException {
        if (closed) {
            throw new IOException("the consumer is closed");
        }
        if (current != null && current.channel.isOpen()) {
            return current;
        }
        if (connection == null || !connection.isOpen()) {
            if (System.nanoTime() - lastConnectFailure < RECONNECT_PAUSE_NANOS && lastConnectFailure != 0) {
                throw new IOException("the publishing connection is down (" + lastConnectError + ")");
            }
            try {
                openConnection();
            } catch (IOException | TimeoutException | RuntimeException e) {
                lastConnectFailure = System.nanoTime();
                lastConnectError = BrokerErrors.describe(e);
                throw new IOException("the publishing connection is down (" + lastConnectError + ")", e);
            }
        }
        current = new ConfirmChannel(connection.createChannel());
        return current;
    }

    private void openConnection() throws IOException, TimeoutException {
        if (connection != null && connection.isOpen()) {
            return;
        }
        connection = factory.newConnection(url.addresses(), connectionName);
        lastConnectFailure = 0;
        log.debug("Publishing connection open to {}", connection.getAddress());
    }

    /** One channel in confirm mode and the publishes it has not had confirmed yet. */
    private final class ConfirmChannel {
        private final Channel channel;
        private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();

        ConfirmChannel(Channel channel) throws IOException {
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener((seq, multiple) -> settle(seq, multiple, null),
                    (seq, multiple) -> settle(seq, multiple, "the broker refused it (nack)"));
            channel.addReturnListener(returned -> {
                Object seq = returned.getProperties().getHeaders() == null ? null
                        : returned.getProperties().getHeaders().get(SEQUENCE_HEADER);
                Pending pending = seq instanceof Number n ? unconfirmed.get(n.longValue()) : null;
                if (pending != null) {
                    pending.returned = returned.getReplyCode() + " " + returned.getReplyText();
                }
            });
            channel.addShutdownListener(this::failAll);
        }

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                                        boolean mandatory) throws IOException {
            long seq = channel.getNextPublishSeqNo();
            Pending pending = new Pending(exchange, routingKey);
            unconfirmed.put(seq, pending);
            try {
                channel.basicPublish(exchange, routingKey, mandatory, mandatory ? withSequence(properties, seq) : properties, body);
            } catch (IOException | RuntimeException e) {
                unconfirmed.remove(seq);
                throw e;
            }
            return pending.future;
        }

        private void settle(long seq, boolean multiple, String nackReason) {
            Map<Long, Pending> done = multiple ? unconfirmed.headMap(seq, true) : singleton(seq);
            List<Pending> settled = List.copyOf(done.values());
            done.clear();
            completeLater(() -> settled.forEach(pending -> pending.complete(nackReason)));
        }

        private Map<Long, Pending> singleton(long seq) {
            return unconfirmed.subMap(seq, true, seq, true);
        }

        private void failAll(ShutdownSignalException cause) {
            String reason = "its channel closed before the broker confirmed it: " + BrokerErrors.describe(cause);
            List<Pending> failed = List.copyOf(unconfirmed.values());
            unconfirmed.clear();
            completeLater(() -> failed.forEach(pending -> pending.future.completeExceptionally(new PublishFailedException(
                    "publish to exchange '" + pending.exchange + "' with key '" + pending.routingKey + "' failed: " + reason, false))));
        }
    }

    private void completeLater(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: nobody waits for these outcomes any more; the messages stay unacked and come back.
        }
    }

    private static AMQP.BasicProperties withSequence(AMQP.BasicProperties properties, long seq) {
        Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
        headers.put(SEQUENCE_HEADER, seq);
        return properties.builder().headers(headers).build();
    }

    /** A publish waiting for its confirm; a return (which comes first) marks it unroutable. */
    private static final class Pending {
        final String exchange;
        final String routingKey;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile String returned;

        Pending(String exchange, String routingKey) {
            this.exchange = exchange;
            this.routingKey = routingKey;
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
