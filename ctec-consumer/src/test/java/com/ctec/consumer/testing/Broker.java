package com.ctec.consumer.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * A test's own AMQP client of a real broker — the local one, or one node of the reliability
 * suite's cluster: unique queue names, publishing with confirms, reading back, and cleanup of
 * everything the test declared (queues the framework derives included). Use one per test with
 * try-with-resources or {@code @AfterEach close()}.
 *
 * <p>The channel is opened again when a fault closed it since the last call (a broker restart, a
 * cut connection, a 404 from a probe), so one client lasts a whole fault test. A failed action is
 * never repeated: it could publish twice.
 */
public final class Broker implements AutoCloseable {
    public static final String URL = System.getProperty("ctec.test.url", "amqp://guest:guest@127.0.0.1:5672/");

    private final String url;
    private final int managementPort;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();
    private Connection connection;
    private Channel channel;

    /** A client of the local broker; fails at once with the fix when it is not running. */
    public Broker() {
        this(URL, Management.PORT);
        try {
            channel();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("RabbitMQ must run on 127.0.0.1:5672 for these tests (rabbitmq-server -detached)", e);
        }
    }

    /** A client of the broker at {@code url}; its management API on {@code managementPort} cleans up delay queues. */
    public Broker(String url, int managementPort) {
        this.url = url;
        this.managementPort = managementPort;
    }

    /** A fresh name no other test uses; the queue and its derived queues are deleted at close. */
    public String uniqueName(String prefix) {
        String name = "ctec-test." + prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        queues.add(name);
        return name;
    }

    /** A queue the code under test declares itself (a retry queue, say): deleted at close. */
    public void deleteAtClose(String queue) {
        queues.add(queue);
    }

    /** Declares a durable classic queue with a fresh name. */
    public String queue(String prefix) {
        return queue(prefix, Map.of());
    }

    /** Declares a quorum queue with a fresh name (replicated on every node of a cluster). */
    public String quorumQueue(String prefix) {
        return queue(prefix, Map.of("x-queue-type", "quorum"));
    }

    /** Declares a durable queue with a fresh name and the given arguments. */
    public String queue(String prefix, Map<String, Object> arguments) {
        String name = uniqueName(prefix);
        declare(name, arguments);
        return name;
    }

    /** Declares a durable queue with a name the test chose (deleted at close). */
    public String declare(String name, Map<String, Object> arguments) {
        if (!queues.contains(name)) {
            queues.add(name);
        }
        run(ch -> ch.queueDeclare(name, true, false, false, arguments));
        return name;
    }

    /** Declares a durable exchange (deleted at close). */
    public void exchange(String name, String type) {
        exchanges.add(name);
        run(ch -> ch.exchangeDeclare(name, type, true));
    }

    public void bind(String queue, String exchange, String routingKey) {
        run(ch -> ch.queueBind(queue, exchange, routingKey));
    }

    public void publish(String queue, String body) {
        publish("", queue, persistent(), body.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        run(ch -> {
            ch.basicPublish(exchange, routingKey, properties, body);
            ch.waitForConfirmsOrDie(60_000);
        });
    }

    /** Publishes {@code count} persistent messages "0".."count-1". */
    public void publishNumbered(String queue, int count) {
        publishAll(queue, 0, count, i -> Integer.toString(i).getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes persistent messages {@code body(from)}..{@code body(to-1)}, confirmed every 1,000. */
    public void publishAll(String queue, int from, int to, IntFunction<byte[]> body) {
        AMQP.BasicProperties persistent = persistent();
        run(ch -> {
            for (int i = from; i < to; i++) {
                ch.basicPublish("", queue, persistent, body.apply(i));
                if ((i - from) % 1_000 == 999) {
                    ch.waitForConfirmsOrDie(60_000);
                }
            }
            ch.waitForConfirmsOrDie(60_000);
        });
    }

    /** Takes one message off a queue (auto-ack), or null when it is empty. */
    public GetResponse get(String queue) {
        return call(ch -> ch.basicGet(queue, true));
    }

    /**
     * Takes every message currently in a queue. Acked only once all are read: a connection that
     * dies halfway leaves them in the queue for the next call instead of taking them with it.
     */
    public List<GetResponse> drain(String queue) {
        return call(ch -> {
            List<GetResponse> all = new ArrayList<>();
            for (GetResponse r = ch.basicGet(queue, false); r != null; r = ch.basicGet(queue, false)) {
                all.add(r);
            }
            if (!all.isEmpty()) {
                ch.basicAck(all.get(all.size() - 1).getEnvelope().getDeliveryTag(), true);
            }
            return all;
        });
    }

    public long messageCount(String queue) {
        return call(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
    }

    /** Whether the queue exists; asked on a connection of its own, so a 404 closes nothing of ours. */
    public boolean queueExists(String queue) {
        try (Connection probe = factory().newConnection("ctec-test probe")) {
            probe.createChannel().queueDeclarePassive(queue);
            return true;
        } catch (IOException | TimeoutException e) {
            return false;
        }
    }

    /** Deletes a queue now (e.g. to make the broker cancel a consumer). */
    public void delete(String queue) {
        run(ch -> ch.queueDelete(queue));
    }

    /** The open channel (in confirm mode), opened again first if a fault closed it. */
    public Channel channel() {
        return call(ch -> ch);
    }

    @FunctionalInterface
    public interface ChannelCall<T> {
        T call(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    @FunctionalInterface
    public interface ChannelAction {
        void run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    public void run(ChannelAction action) {
        call(ch -> {
            action.run(ch);
            return null;
        });
    }

    /** Runs on the open channel, opening it first when needed (one retry, for the opening only). */
    public synchronized <T> T call(ChannelCall<T> action) {
        try {
            if (channel == null || !channel.isOpen()) {
                open();
            }
            return action.call(channel);
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw new IllegalStateException("on " + url.replaceFirst("//[^@/]*@", "//") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String queue : queues) {
            for (String name : List.of(queue, queue + ".dlq", queue + ".out")) {
                try {
                    run(ch -> ch.queueDelete(name));
                } catch (RuntimeException e) {
                    // Best effort: a fault test may have left the node down.
                }
            }
        }
        for (String exchange : exchanges) {
            try {
                run(ch -> ch.exchangeDelete(exchange));
            } catch (RuntimeException e) {
                // Best effort.
            }
        }
        Management.deleteRetryQueues(managementPort, queues);
        disconnect();
    }

    private static AMQP.BasicProperties persistent() {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).build();
    }

    private void open() throws IOException, TimeoutException, InterruptedException {
        disconnect();
        try {
            connection = factory().newConnection("ctec-test");
        } catch (IOException | TimeoutException e) {
            Thread.sleep(1_000);  // a node just restarted may refuse for a moment
            connection = factory().newConnection("ctec-test");
        }
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    private ConnectionFactory factory() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(url.endsWith("/") ? url + "%2F" : url);
            factory.setAutomaticRecoveryEnabled(false);
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException("bad test URL: " + e.getMessage(), e);
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.abort(2_000);
            } catch (RuntimeException e) {
                // Gone already.
            }
        }
        connection = null;
        channel = null;
    }
}
