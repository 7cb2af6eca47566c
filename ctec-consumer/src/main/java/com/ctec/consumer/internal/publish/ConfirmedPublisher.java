package com.ctec.consumer.internal.publish;

import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes forwards, RPC answers, retries and dead letters on the publishing connection, with
 * publisher confirms and {@code mandatory=true}; each publish returns a future that completes
 * when the broker confirms it, or fails when it is nacked, returned or its channel dies.
 *
 * <p>It has its own connection so that a broker blocking publishers (flow control, memory alarm)
 * never stalls consumption. Publishes go on one of two channels, a {@link Lane}: what the user's
 * worker asked for (forwards, answers) and what the engine needs (retries, dead letters), so that
 * a forward to a bad destination, which closes its channel, can never take a retry or a dead
 * letter in flight with it. One lock serialises publishes (a channel must not be published on from
 * two threads at once); confirms and returns arrive on the client's threads.
 *
 * <p>A publish the client refuses to encode (a header of an unsupported type, a routing key over
 * 255 bytes, headers over the frame size) has used up a sequence number the broker never sees, so
 * every later confirm on that channel would be matched to the wrong publish: the channel is
 * retired at once (no more publishes on it; closed when its earlier publishes are confirmed).
 *
 * <p>Returns are matched to their publish without any header of ours on the message: a return
 * always arrives before its publish's confirm, so its publish is one of the unconfirmed ones with
 * the same exchange, routing key and body; when several identical ones wait, all count as
 * returned (at worst a duplicate, never a loss).
 *
 * <p>Futures are completed on a thread of their own, never on the client's connection thread:
 * what follows a confirm (an ack, a retry, a declaration) may call the broker, and a blocking
 * call from the connection thread would wait for itself. Declarations run on another thread of
 * their own, so that a slow one holds up neither workers nor confirms.
 */
public final class ConfirmedPublisher implements Publishing, AutoCloseable {
    /** After a failed connect, publishes fail fast for this long instead of reconnecting each time. */
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionFactory factory;
    private final AmqpUrl url;
    private final String connectionName;
    private final Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private final Map<Lane, ConfirmChannel> current = new EnumMap<>(Lane.class);
    /** Exchanges a passive declare found; forgotten whenever a publishing channel closes (a 404 names a deleted one). */
    private final Set<String> knownExchanges = ConcurrentHashMap.newKeySet();
    private long lastConnectFailure;
    private String lastConnectError = "";
    private final ExecutorService completions;
    private final ExecutorService declarations;
    private volatile boolean closed;

    public ConfirmedPublisher(ConnectionFactory factory, AmqpUrl url, String connectionName, Logger log) {
        this.factory = factory;
        this.url = url;
        this.connectionName = connectionName;
        this.log = log;
        this.completions = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon(true).name("ctec-confirms-" + connectionName).factory());
        this.declarations = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon(true).name("ctec-declare-" + connectionName).factory());
    }

    @Override
    public CompletableFuture<Void> publish(Lane lane, String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                                    boolean mandatory) {
        lock.lock();
        try {
            return channel(lane).publish(exchange, routingKey, properties, body, mandatory);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new PublishFailedException(
                    "could not publish to exchange '" + exchange + "' with key '" + routingKey + "': " + BrokerErrors.describe(e), false));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes to an exchange that is first checked to exist (a forward's, or a dead-letter
     * exchange a policy names): a publish to a missing exchange would close the channel and with
     * it every other publish in flight on it.
     */
    @Override
    public CompletableFuture<Void> publishToCheckedExchange(Lane lane, String exchange, String routingKey,
                                                     AMQP.BasicProperties properties, byte[] body) {
        if (exchange.isEmpty() || knownExchanges.contains(exchange)) {
            return publish(lane, exchange, routingKey, properties, body);
        }
        return declareAsync(channel -> channel.exchangeDeclarePassive(exchange))
                .handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (error != null) {
                        return CompletableFuture.failedFuture(new PublishFailedException("exchange '" + exchange
                                + "' could not be used: " + BrokerErrors.describe(Futures.unwrap(error)), false));
                    }
                    knownExchanges.add(exchange);
                    return publish(lane, exchange, routingKey, properties, body);
                });
    }

    /** Runs a declaration on the declaring thread; the future fails with the broker's error. */
    @Override
    public CompletableFuture<Void> declareAsync(Declaration declaration) {
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    declare(declaration);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, declarations);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("the consumer is closed"));
        }
    }

    /**
     * Runs a declaration on a channel of its own, so that an error (406, 404) closes that channel
     * and not one carrying publishes.
     */
    private void declare(Declaration declaration) throws IOException {
        Connection open;
        lock.lock();
        try {
            open = openConnection();
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
                } catch (TimeoutException | IOException | RuntimeException e) {
                    // Closing a declaration channel cannot lose anything.
                }
            }
        }
    }

    /** Opens the publishing connection now, so that start-up errors surface at once. */
    public void connect() throws IOException, TimeoutException {
        lock.lock();
        try {
            if (connection == null || !connection.isOpen()) {
                connection = factory.newConnection(url.addresses(), connectionName);
                lastConnectFailure = 0;
                log.debug("Publishing connection open to {}", connection.getAddress());
            }
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
        declarations.shutdownNow();
        completions.shutdown();
    }

    /** Called with the lock held. */
    private ConfirmChannel channel(Lane lane) throws IOException {
        ConfirmChannel open = current.get(lane);
        if (open != null && open.usable()) {
            return open;
        }
        ConfirmChannel fresh = new ConfirmChannel(openConnection().createChannel(), this::completeLater, knownExchanges::clear);
        current.put(lane, fresh);
        return fresh;
    }

    /** Called with the lock held: the open connection, opened now if needed (failing fast for a while after a failure). */
    private Connection openConnection() throws IOException {
        if (closed) {
            throw new IOException("the consumer is closed");
        }
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        if (lastConnectFailure != 0 && System.nanoTime() - lastConnectFailure < RECONNECT_PAUSE_NANOS) {
            throw new IOException("the publishing connection is down (" + lastConnectError + ")");
        }
        try {
            connect();
            return connection;
        } catch (IOException | TimeoutException | RuntimeException e) {
            lastConnectFailure = System.nanoTime();
            lastConnectError = BrokerErrors.describe(e);
            throw new IOException("the publishing connection is down (" + lastConnectError + ")", e);
        }
    }

    private void completeLater(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            // Closed: nobody waits for these outcomes any more; the messages stay unacked and come back.
        }
    }
}
