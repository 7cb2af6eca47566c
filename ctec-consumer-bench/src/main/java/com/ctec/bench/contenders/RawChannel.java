package com.ctec.bench.contenders;

import com.ctec.bench.Broker;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw contender's consuming connection and channel, opened with the harness's client settings.
 * Closing it is graceful, as any real consumer's stop should be: cancel, let the delivery thread
 * finish (the client runs cancel-ok after the channel's last delivery), then close.
 */
final class RawChannel implements AutoCloseable {
    /** What a raw loop does per delivery, on the client's delivery thread for the channel. */
    interface Deliveries {
        void deliver(Channel channel, Envelope envelope, byte[] body) throws Exception;

        /** After the last delivery, on the same thread: e.g. ack a tail still waiting. */
        default void stopped(Channel channel) throws IOException {
        }
    }

    private final Connection connection;
    private final Channel channel;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private String consumerTag;

    RawChannel(String uri, String name, int prefetch) throws Exception {
        this.connection = Broker.factory(uri).newConnection(name);
        this.channel = connection.createChannel();
        if (prefetch > 0) {
            channel.basicQos(prefetch);
        }
    }

    /** A second connection, for publishing (forwards must not share the consuming connection). */
    static Connection publishing(String uri, String name) throws Exception {
        return Broker.factory(uri).newConnection(name);
    }

    Channel channel() {
        return channel;
    }

    RawChannel consume(String queue, boolean autoAck, Deliveries deliveries) throws IOException {
        consumerTag = channel.basicConsume(queue, autoAck, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                try {
                    deliveries.deliver(channel, envelope, body);
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void handleCancelOk(String tag) {
                try {
                    deliveries.stopped(channel);
                } catch (IOException e) {
                    // The channel is closing anyway: unacked messages return to the queue, and the round is refused.
                } finally {
                    cancelled.countDown();
                }
            }
        });
        return this;
    }

    /** Stops deliveries and waits until the last one has been handled; the channel stays open for acks. */
    void cancel() throws Exception {
        if (consumerTag != null && channel.isOpen() && cancelled.getCount() > 0) {
            channel.basicCancel(consumerTag);
            cancelled.await(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        cancel();
        if (connection.isOpen()) {
            connection.close(5_000);
        }
    }
}
