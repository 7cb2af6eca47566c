package com.ctec.consumer.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The demo's RPC caller: requests with reply_to = direct reply-to, answers matched by correlation id. */
final class RpcCaller {
    private final Connection connection;
    private final ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicReference<String> example = new AtomicReference<>("");
    private int calls;
    private CountDownLatch answers;

    RpcCaller(Connection connection) {
        this.connection = connection;
    }

    /** Sends {@code count} requests to {@code queue}; the answers come on the channel's consumer. */
    void call(String queue, int count) throws IOException {
        calls = count;
        answers = new CountDownLatch(count);
        Channel channel = connection.createChannel();
        // Direct reply-to: consume the pseudo-queue (no ack) on the channel that publishes the requests.
        channel.basicConsume("amq.rabbitmq.reply-to", true, (tag, delivery) -> {
            String id = delivery.getProperties().getCorrelationId();
            Long sent = sentAt.remove(id);
            if (sent != null) {
                totalNanos.addAndGet(System.nanoTime() - sent);
                if ("1".equals(id)) {
                    example.set(new String(delivery.getBody(), StandardCharsets.UTF_8));
                }
                answers.countDown();
            }
        }, tag -> { });
        for (int n = 1; n <= count; n++) {
            String id = Integer.toString(n);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .replyTo("amq.rabbitmq.reply-to").correlationId(id).build();
            sentAt.put(id, System.nanoTime());
            channel.basicPublish("", queue, properties, ("hello " + n).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** How many answers came (waiting up to 10 s for the last), an example and the mean round trip. */
    String summary() {
        try {
            answers.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long received = calls - answers.getCount();
        return received + " answers ('hello 1' -> '" + example.get() + "'), "
                + String.format("%.1f ms", totalNanos.get() / 1e6 / Math.max(1, received)) + " round trip";
    }
}
