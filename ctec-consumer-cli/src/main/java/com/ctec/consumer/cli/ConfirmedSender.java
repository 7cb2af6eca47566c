package com.ctec.consumer.cli;

import com.ctec.consumer.internal.publish.ConfirmChannel;
import com.ctec.consumer.internal.publish.Futures;
import com.ctec.consumer.internal.publish.PublishFailedException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes with asynchronous publisher confirms (the core's {@link ConfirmChannel}, the one
 * confirm tracker of the project) and a window of unconfirmed messages: waiting for each confirm
 * gives a few hundred messages a second, an unbounded stream can outrun the broker's memory.
 * Unroutable messages ({@code mandatory}) are counted as returned.
 *
 * <p>A broker that refuses a message (406: larger than its {@code max_message_size}, say) closes
 * the channel: no confirm will come, each unconfirmed publish ends with its outcome unknown, so
 * waiting stops at once and {@link #refusal()} says why.
 *
 * <p>Threads: {@link #send} is called from one thread (a channel must not publish from two);
 * outcomes and the channel's closing arrive on the client's connection thread and only touch the
 * counters, the refusal and the semaphore.
 */
final class ConfirmedSender implements AutoCloseable {
    private final Channel channel;
    private final ConfirmChannel confirms;
    private final Semaphore window;
    private final int windowSize;
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong nacked = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private volatile String refusal;
    private long published;

    ConfirmedSender(Connection connection, int windowSize) throws IOException {
        this.channel = connection.createChannel();
        this.windowSize = windowSize;
        this.window = new Semaphore(windowSize);
        channel.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                refusal = cause.getReason() instanceof AMQP.Channel.Close close
                        ? close.getReplyCode() + " " + close.getReplyText() : String.valueOf(cause.getMessage());
            }
        });
        this.confirms = new ConfirmChannel(channel);
    }

    /** Publishes one message (mandatory), waiting while the window of unconfirmed messages is full. */
    void send(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, InterruptedException {
        window.acquire();
        if (refusal != null) {
            window.release();
            throw new IOException("the broker closed the channel: " + refusal);
        }
        try {
            confirms.publish(exchange, routingKey, properties, body, true).whenComplete((ok, error) -> count(error));
        } catch (IOException | RuntimeException e) {
            window.release();
            throw e;
        }
        published++;
    }

    /** Counts an outcome; an unknown one (the channel closed first) stays among the unconfirmed. */
    private void count(Throwable error) {
        Throwable cause = error == null ? null : Futures.unwrap(error);
        if (cause == null) {
            confirmed.incrementAndGet();
        } else if (cause instanceof PublishFailedException failed && failed.unroutable()) {
            returned.incrementAndGet();
            confirmed.incrementAndGet(); // The broker confirms a message it returned: it took it and had nowhere to put it.
        } else if (!(cause instanceof PublishFailedException failed && failed.outcomeUnknown())) {
            nacked.incrementAndGet();
        }
        window.release();
    }

    /**
     * Waits until every message sent so far is confirmed or nacked, or the broker closed the
     * channel ({@link #refusal()}); false if {@code timeout} passed first.
     */
    boolean awaitConfirms(Duration timeout) throws InterruptedException {
        if (!window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        window.release(windowSize);
        return true;
    }

    /** Why the broker closed the channel ("406 PRECONDITION_FAILED - message size ..."), or null while it is open. */
    String refusal() {
        return refusal;
    }

    long published() {
        return published;
    }

    long confirmed() {
        return confirmed.get();
    }

    long nacked() {
        return nacked.get();
    }

    long returned() {
        return returned.get();
    }

    /** Messages sent and neither confirmed nor nacked (still waiting, or of unknown outcome). */
    long unconfirmed() {
        return published - confirmed.get() - nacked.get();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Already closed with its connection: nothing to release.
        }
    }
}
