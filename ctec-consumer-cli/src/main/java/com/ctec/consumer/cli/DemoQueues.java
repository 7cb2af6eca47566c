package com.ctec.consumer.cli;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/** The demo's throw-away queues {@code ctec-demo.<id>.*}: declared step by step, deleted once at the end. */
final class DemoQueues {
    private final Connection connection;
    private final String prefix = "ctec-demo." + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> names = new CopyOnWriteArrayList<>();
    private boolean deleted;

    DemoQueues(Connection connection) {
        this.connection = connection;
    }

    /** What every queue's name starts with. */
    String prefix() {
        return prefix;
    }

    /** Declares the queue of {@code step}, {@code <prefix>.<step>}, and remembers it and its {@code .dlq} for the end. */
    String declare(String step) {
        String queue = prefix + "." + step;
        names.add(queue);
        names.add(queue + ".dlq"); // created by the framework if anything is dead-lettered
        try (Channel channel = connection.createChannel()) {
            // Durable, with an hour's x-expires in case the demo is killed: RabbitMQ 4.3 refuses transient non-exclusive queues.
            channel.queueDeclare(queue, true, false, false, Map.of("x-expires", 3_600_000));
        } catch (IOException | TimeoutException e) {
            throw CliException.failure("The demo cannot declare queue '" + queue + "' (" + e.getMessage()
                    + "): the user of --url needs configure permission on the vhost.", e);
        }
        return queue;
    }

    /**
     * Deletes the queues once; returns how many existed. Synchronized: on SIGTERM the exit hook and
     * the main thread's close both get here, and the connection must not close while the hook is
     * still deleting with it (that left queues behind).
     */
    synchronized int deleteAll() {
        if (deleted) {
            return 0;
        }
        deleted = true;
        int existed = 0;
        for (String queue : names) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDeclarePassive(queue);
                channel.queueDelete(queue);
                existed++;
            } catch (IOException | TimeoutException | RuntimeException e) {
                // Not there (never created, e.g. no dead letter): the passive declare closed its channel.
            }
        }
        return existed;
    }
}
