package com.ctec.consumer.internal.engine;

import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.connect.ConnectionThreadExecutor;
import com.ctec.consumer.internal.connect.Connections;
import com.ctec.consumer.internal.settle.QueueFactsLookup;
import com.ctec.consumer.internal.settle.Settlement;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Connect and subscribe, the first steps of a message's way: a consuming connection of its own,
 * one channel with the prefetch, a passive declare (a missing queue is one clear sentence), the
 * dead-letter route learned in the background, then {@code basic.consume}. Each call makes a new
 * {@link ChannelSession}; anything that fails on the way closes what it opened.
 */
final class Subscriber {
    private final Settings settings;
    private final Logger log;
    private final ConnectionFactory factory;
    private final DeliveryReceiver receiver;
    private final Settlement settlement;
    private final QueueFactsLookup queueFacts;

    Subscriber(Settings settings, ConnectionFactory factory, DeliveryReceiver receiver, Settlement settlement) {
        this.settings = settings;
        this.log = settings.logger();
        this.factory = factory;
        this.receiver = receiver;
        this.settlement = settlement;
        this.queueFacts = new QueueFactsLookup(settings);
    }

    /** A new subscription; configuration errors are thrown as ConsumerException, others as they come. */
    ChannelSession subscribe() throws IOException, TimeoutException {
        Connection connection;
        try {
            // Deliveries are handled on the connection's own thread: one thread wake-up less per message.
            connection = factory.newConnection(new ConnectionThreadExecutor(), settings.url().addresses(),
                    "ctec-consumer " + settings.queue());
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw BrokerErrors.connectFailed(settings.url(), e);
        }
        // The version decides how quorum queues count redeliveries and which features exist (docs/compatibility.md).
        log.info("Connected to RabbitMQ {} at {}:{} for queue '{}'.",
                connection.getServerProperties().getOrDefault("version", "(version not announced)"),
                connection.getAddress().getHostAddress(), connection.getPort(), settings.queue());
        try {
            return subscribeOn(connection);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(connection);
            throw e;
        }
    }

    private ChannelSession subscribeOn(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        channel.basicQos(settings.prefetch());
        try {
            channel.queueDeclarePassive(settings.queue());
        } catch (IOException e) {
            throw BrokerErrors.subscribeFailed(settings.url(), settings.queue(), e);
        }
        settlement.learned(queueFacts.learn(connection));
        ChannelSession fresh = new ChannelSession(connection, channel, settings.queue(), settings.prefetch(), log);
        try {
            fresh.consumerTag(channel.basicConsume(settings.queue(), false, settings.consumerTag(), receiver.consumerFor(fresh)));
        } catch (IOException e) {
            fresh.abandon();
            throw BrokerErrors.subscribeFailed(settings.url(), settings.queue(), e);
        }
        return fresh;
    }
}
