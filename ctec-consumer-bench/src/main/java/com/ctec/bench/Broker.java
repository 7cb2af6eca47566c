package com.ctec.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness's own connection: it creates a unique queue per round, fills it outside the timed
 * window (with confirms, so every message is on the broker before the clock starts), checks what
 * is left and deletes the queue afterwards. Never used by a contender.
 */
public final class Broker implements AutoCloseable {
    /** Unconfirmed publishes allowed while filling: enough to keep the broker busy, bounded for memory. */
    private static final int CONFIRM_WINDOW = 2_000;
    private static final AtomicInteger ROUNDS = new AtomicInteger();

    private final String uri;
    private final Map<String, Object> queueArguments;
    private final Connection connection;

    /** {@code queueArguments}: what every queue of the run is declared with (see {@link Options#queueArguments()}). */
    public Broker(String uri, Map<String, Object> queueArguments) throws Exception {
        this.uri = uri;
        this.queueArguments = queueArguments;
        this.connection = factory(uri).newConnection("ctec-bench harness");
    }

    /** The same client settings for every raw and harness connection. */
    public static ConnectionFactory factory(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    public String uri() {
        return uri;
    }

    /** The AMQP port, to find the broker's process on this machine. */
    public int port() {
        return connection.getPort();
    }

    public String version() {
        Object version = connection.getServerProperties().get("version");
        return version == null ? "?" : version.toString();
    }

    /** A new durable queue whose name says what it is for; unique so rounds never see each other's messages. */
    public String freshQueue(String label) throws IOException {
        String name = "bench." + label.replaceAll("[^A-Za-z0-9]+", "-") + "." + ROUNDS.incrementAndGet() + "."
                + UUID.randomUUID().toString().substring(0, 8);
        onChannel(ch -> ch.queueDeclare(name, true, false, false, queueArguments));
        return name;
    }

    /** Publishes ids 0..count-1 as persistent messages and waits for every confirm. */
    public void fill(String queue, int count, int bodySize) throws IOException {
        onChannel(ch -> {
            ch.confirmSelect();
            for (int id = 0; id < count; id++) {
                ch.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, Payload.of(id, bodySize));
                if ((id + 1) % CONFIRM_WINDOW == 0) {
                    waitForConfirms(ch);
                }
            }
            waitForConfirms(ch);
        });
    }

    /** Messages ready in the queue (unacked ones return to ready once their consumer has closed). */
    public long ready(String queue) throws IOException {
        long[] count = new long[1];
        onChannel(ch -> count[0] = ch.queueDeclarePassive(queue).getMessageCount());
        return count[0];
    }

    /** Waits up to {@code timeoutMillis} for the queue to hold {@code count} ready messages; returns what it holds. */
    public long awaitReady(String queue, long count, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long now = ready(queue);
        while (now != count && System.nanoTime() < deadline) {
            Thread.sleep(5);
            now = ready(queue);
        }
        return now;
    }

    /** Consumes (auto-ack) {@code count} messages from the queue into a tally, to check a forward round's output. */
    public Tally drain(String queue, int count) throws IOException, InterruptedException {
        Tally tally = new Tally(count);
        Channel channel = connection.createChannel();
        try {
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    tally.record(body);
                }
            });
            tally.awaitComplete(10);
            Thread.sleep(100); // a duplicate would arrive right behind the last message
        } finally {
            closeQuietly(channel);
        }
        return tally;
    }

    public void delete(String queue) {
        try {
            onChannel(ch -> ch.queueDelete(queue));
        } catch (IOException e) {
            // Already gone: nothing to clean up.
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    private interface ChannelWork {
        void run(Channel channel) throws IOException;
    }

    /** A channel per operation: a failed passive declare closes its channel, never the harness's connection. */
    private void onChannel(ChannelWork work) throws IOException {
        Channel channel = connection.createChannel();
        try {
            work.run(channel);
        } finally {
            closeQuietly(channel);
        }
    }

    private static void waitForConfirms(Channel channel) throws IOException {
        try {
            channel.waitForConfirmsOrDie(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while filling a queue", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the fill within 60 s", e);
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Closing a harness channel cannot lose anything.
        }
    }
}
