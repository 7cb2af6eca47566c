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

/**
 * A test's handle on the real local broker: unique queue names, publishing with confirms, reading
 * back, and cleanup of everything the test declared (queues the framework derives included).
 * Use one per test with try-with-resources or {@code @AfterEach close()}.
 */
public final class Broker implements AutoCloseable {
    public static final String URL = System.getProperty("ctec.test.url", "amqp://guest:guest@127.0.0.1:5672/");

    private final Connection connection;
    private final Channel channel;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    public Broker() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(URL.endsWith("/") ? URL + "%2F" : URL);
            connection = factory.newConnection("ctec-test");
            channel = connection.createChannel();
            channel.confirmSelect();
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ must run on 127.0.0.1:5672 for these tests (rabbitmq-server -detached)", e);
        }
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

    /** Declares a durable queue with a fresh name and the given arguments. */
    public String queue(String prefix, Map<String, Object> arguments) {
        String name = uniqueName(prefix);
        declare(name, arguments);
        return name;
    }

    /** Declares a queue with a name the test chose (deleted at close). */
    public void declare(String name, Map<String, Object> arguments) {
        if (!queues.contains(name)) {
            queues.add(name);
        }
        try {
            channel.queueDeclare(name, true, false, false, arguments);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Declares a fanout or direct exchange (deleted at close). */
    public void exchange(String name, String type) {
        exchanges.add(name);
        try {
            channel.exchangeDeclare(name, type, false, true, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void bind(String queue, String exchange, String routingKey) {
        try {
            channel.queueBind(queue, exchange, routingKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String queue, String body) {
        publish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        try {
            channel.basicPublish(exchange, routingKey, properties, body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code count} messages "0".."count-1" (persistent), confirmed once at the end. */
    public void publishNumbered(String queue, int count) {
        try {
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            for (int i = 0; i < count; i++) {
                channel.basicPublish("", queue, persistent, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(60_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one message off a queue (auto-ack), or null when it is empty. */
    public GetResponse get(String queue) {
        try {
            return channel.basicGet(queue, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes every message currently in a queue. */
    public List<GetResponse> drain(String queue) {
        List<GetResponse> all = new ArrayList<>();
        for (GetResponse r = get(queue); r != null; r = get(queue)) {
            all.add(r);
        }
        return all;
    }

    public long messageCount(String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean queueExists(String queue) {
        try (Channel probe = connection.createChannel()) {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (IOException | TimeoutException e) {
            return false;
        }
    }

    /** Deletes a queue now (e.g. to make the broker cancel a consumer). */
    public void delete(String queue) {
        try {
            channel.queueDelete(queue);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        try (Channel cleanup = connection.createChannel()) {
            for (String queue : queues) {
                for (String derived : List.of(queue, queue + ".dlq")) {
                    cleanup.queueDelete(derived);
                }
            }
            for (String exchange : exchanges) {
                cleanup.exchangeDelete(exchange);
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Best effort: a broker restart in a test may have closed things already.
        }
        Management.deleteRetryQueues(Management.PORT, queues);
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // Already closed.
        }
    }
}
