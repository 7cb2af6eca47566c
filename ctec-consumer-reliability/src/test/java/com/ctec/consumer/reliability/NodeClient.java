package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Management;
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

/**
 * The test's own AMQP connection to one of our nodes: declares queues with fresh names, publishes
 * numbered bodies with confirms, reads queues back, and deletes what it declared at close.
 * Connects a fresh connection per call group, so a broker restart between calls does not break it.
 */
final class NodeClient implements AutoCloseable {
    private final String url;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();
    private Connection connection;
    private Channel channel;

    private final int managementPort;

    /** A client of {@code url}; {@code managementPort} serves the cleanup of delay queues. */
    NodeClient(String url, int managementPort) {
        this.url = url;
        this.managementPort = managementPort;
    }

    /** A client of node {@code node}. */
    static NodeClient of(int node) {
        return new NodeClient(Nodes.url(node), Nodes.managementPort(node));
    }

    /** A body carrying {@code id}: "m-<id>". */
    static byte[] body(int id) {
        return ("m-" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** The id a body of {@link #body(int)} carries, or -1. */
    static int id(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.startsWith("m-") ? Integer.parseInt(text.substring(2)) : -1;
    }

    String uniqueName(String prefix) {
        String name = "ctec-rel." + prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        queues.add(name);
        return name;
    }

    /** A durable classic queue with a fresh name. */
    String classicQueue(String prefix) {
        return queue(prefix, Map.of());
    }

    /** A quorum queue with a fresh name (replicated on the three nodes). */
    String quorumQueue(String prefix) {
        return queue(prefix, Map.of("x-queue-type", "quorum"));
    }

    String queue(String prefix, Map<String, Object> arguments) {
        String name = uniqueName(prefix);
        run(ch -> ch.queueDeclare(name, true, false, false, arguments));
        return name;
    }

    /** Declares a durable queue with this exact name; deleted at close like the others. */
    String namedQueue(String name, Map<String, Object> arguments) {
        queues.add(name);
        run(ch -> ch.queueDeclare(name, true, false, false, arguments));
        return name;
    }

    void exchange(String name, String type) {
        exchanges.add(name);
        run(ch -> ch.exchangeDeclare(name, type, true));
    }

    void bind(String queue, String exchange, String key) {
        run(ch -> ch.queueBind(queue, exchange, key));
    }

    /** Publishes ids {@code from}..{@code to-1} as persistent messages, confirmed every 1,000. */
    void publishIds(String queue, int from, int to) {
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        run(ch -> {
            for (int id = from; id < to; id++) {
                ch.basicPublish("", queue, persistent, body(id));
                if ((id - from) % 1_000 == 999) {
                    ch.waitForConfirmsOrDie(60_000);
                }
            }
            ch.waitForConfirmsOrDie(60_000);
        });
    }

    void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        run(ch -> {
            ch.basicPublish(exchange, routingKey, properties, body);
            ch.waitForConfirmsOrDie(60_000);
        });
    }

    long messageCount(String queue) {
        return call(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
    }

    boolean exists(String queue) {
        try {
            Connection probe = factory().newConnection("ctec-reliability probe");
            try (probe) {
                probe.createChannel().queueDeclarePassive(queue);
                return true;
            }
        } catch (IOException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Takes every message in the queue. Acked only once all are read: a connection that dies halfway
     * leaves them in the queue for the next call instead of taking them with it.
     */
    List<GetResponse> drain(String queue) {
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

    void delete(String queue) {
        run(ch -> ch.queueDelete(queue));
    }

    @Override
    public void close() {
        for (String queue : queues) {
            for (String name : List.of(queue, queue + ".dlq", queue + ".out")) {
                try {
                    run(ch -> ch.queueDelete(name));
                } catch (RuntimeException e) {
                    // Best effort: the node may be down after a fault test.
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

    @FunctionalInterface
    interface ChannelCall<T> {
        T call(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    @FunctionalInterface
    interface ChannelAction {
        void run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    void run(ChannelAction action) {
        call(ch -> {
            action.run(ch);
            return null;
        });
    }

    /**
     * Runs on the open channel, opening it first if a fault closed it since the last call (one
     * retry for the opening only: a failed action is never repeated, it could publish twice).
     */
    synchronized <T> T call(ChannelCall<T> action) {
        try {
            if (channel == null || !channel.isOpen()) {
                open();
            }
            return action.call(channel);
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            throw new IllegalStateException("on " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void open() throws IOException, TimeoutException {
        disconnect();
        try {
            connection = factory().newConnection("ctec-reliability client");
        } catch (IOException | TimeoutException e) {
            sleep(1_000);
            connection = factory().newConnection("ctec-reliability client");
        }
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ConnectionFactory factory() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(url.endsWith("/") ? url + "%2F" : url);
            factory.setAutomaticRecoveryEnabled(false);
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException(e);
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
