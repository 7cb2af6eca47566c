package com.ctec.consumer.internal.engine;

import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.Headers;
import com.ctec.consumer.internal.Later;
import com.ctec.consumer.internal.Listeners;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.dispatch.Dispatcher;
import com.ctec.consumer.internal.settle.Settlement;
import com.ctec.consumer.spi.ConsumerInfo;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.slf4j.Logger;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Receive, the step between the broker and the dispatcher: it turns each delivery into a
 * {@link Delivery} of its session and hands it over without waiting for the work.
 *
 * <p>It runs on the consuming connection's own thread (one delivery at a time, in order; see
 * {@link ConnectionThreadExecutor}). Nothing here may block for long: while it runs, the
 * connection reads nothing. The one deliberate wait is for room in flight after a recovery.
 */
final class DeliveryReceiver {
    private final Settings settings;
    private final Logger log;
    private final Counters counters;
    private final Listeners listeners;
    private final ConsumerInfo info;
    private final Dispatcher dispatcher;
    private final Settlement settlement;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier stopping;

    DeliveryReceiver(Settings settings, Counters counters, Listeners listeners, ConsumerInfo info, Dispatcher dispatcher,
                     Settlement settlement, ScheduledExecutorService timer, BooleanSupplier stopping) {
        this.settings = settings;
        this.log = settings.logger();
        this.counters = counters;
        this.listeners = listeners;
        this.info = info;
        this.dispatcher = dispatcher;
        this.settlement = settlement;
        this.timer = timer;
        this.stopping = stopping;
    }

    /** The client-side consumer of one session's channel. */
    Consumer consumerFor(ChannelSession session) {
        return new DefaultConsumer(session.channel()) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                receive(session, envelope, properties, body);
            }

            @Override
            public void handleCancel(String consumerTag) {
                session.markLost("the broker cancelled the consumer (queue deleted, its node went down, or on RabbitMQ 4.3+ "
                        + "a delivery outlived consumer_timeout)");
            }
        };
    }

    private void receive(ChannelSession session, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        WorkerMessage message;
        try {
            message = new WorkerMessage(settings.queue(), envelope, properties, body,
                    Headers.attempt(properties == null ? new AMQP.BasicProperties() : properties));
        } catch (RuntimeException e) {
            // Never let a delivery throw here: the client would close the channel and the same message would come first again.
            log.error("Could not take message {} from queue '{}' ({}); it goes back to the queue in 1 s.",
                    envelope.getDeliveryTag(), settings.queue(), e, e);
            requeueLater(session, envelope.getDeliveryTag());
            return;
        }
        Delivery delivery = new Delivery(message, session);
        session.delivered();
        counters.delivered();
        listeners.messageDelivered(info);
        waitForRoomInFlight(session);
        try {
            dispatcher.dispatch(delivery);
        } catch (RuntimeException e) {
            // Only when the executor is already shut down (stopping): give the message back.
            settlement.requeueUnstarted(delivery);
        }
    }

    private void requeueLater(ChannelSession session, long tag) {
        Later.run(timer, 1_000, () -> session.requeue(tag));
    }

    /**
     * Within one channel the broker's prefetch bounds the work in flight; after a recovery the
     * previous channel's workers may still run, so the new channel's deliveries wait for them.
     * Waiting here holds up the new connection's reading, which is the point: the broker then
     * sends nothing more until there is room.
     */
    private void waitForRoomInFlight(ChannelSession session) {
        if (counters.inFlight() <= settings.prefetch()) {
            return;
        }
        // What this thread dispatched may still wait for a worker's wake-up: it must go out before we wait for room.
        dispatcher.handOver();
        while (counters.inFlight() > settings.prefetch() && session.alive() && !stopping.getAsBoolean()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
