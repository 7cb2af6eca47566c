package com.ctec.consumer.example.boot;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/**
 * The example's side of the broker that is not the consumer's job: it declares the queue (created
 * before the consumers start, which is when this bean is made) and publishes logins, a few at start
 * and one per {@code POST /logins}. A real service leaves the queue to whoever owns it.
 */
@RestController
class Logins implements ApplicationRunner {
    private final Connection connection;
    private final Channel channel;
    private final String queue;
    private final int samples;

    Logins(@Value("${ctec.consumer.url}") String url, @Value("${ctec.consumer.consumers.loginsync.queue}") String queue,
           @Value("${example.samples:5}") int samples) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url.endsWith("/") ? url + "%2F" : url);
        this.connection = factory.newConnection("ctec-boot-example publisher");
        this.channel = connection.createChannel();
        this.channel.queueDeclare(queue, true, false, false, null);
        this.channel.confirmSelect();
        this.queue = queue;
        this.samples = samples;
    }

    /** {@code curl -X POST localhost:8080/logins/alice}: publishes one login, confirmed. */
    @PostMapping("/logins/{user}")
    synchronized String publish(@PathVariable String user) throws Exception {
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("text/plain").build();
        channel.basicPublish("", queue, persistent, user.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
        return "published " + user + " to " + queue + "\n";
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        for (int i = 1; i <= samples; i++) {
            publish("user-" + i);
        }
    }

    @PreDestroy
    void close() throws Exception {
        connection.close();
    }
}
