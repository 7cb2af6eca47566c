package com.ctec.consumer.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes with asynchronous publisher confirms and a window of unconfirmed messages: waiting
 * for each confirm gives a few hundred messages a second, an unbounded stream can outrun the
 * broker's memory. Unroutable messages ({@code mandatory}) are counted as returned.
 *
 * <p>A broker that refuses a message (406: larger than its {@code max_message_size}, say) closes
 * the channel: no confirm will come, so waiting stops at once and {@link #refusal()} says why.
 *
 * <p>Threads: {@link #send} is called from one thread (a channel must not publish from two);
 * confirms, returns and the channel's closing arrive on the client's connection thread and only
 * touch the concurrent set, the counters, the refusal and the semaphore.
 */
final class ConfirmedSender implements AutoCloseable {
    private final Channel channel;
    private final Semaphore window;
    private final int windowSize;
    private final NavigableSet<Long> outstanding = new ConcurrentSkipListSet<>();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong nacked = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private volatile String refusal;
    private long published;

    ConfirmedSender(Connection connection, int windowSize) throws IOException {
        this.channel = connection.createChannel();
        this.windowSize = windowSize;
        this.window = new Semaphore(windowSize);
        channel.confirmSelect();
        channel.addReturnListener(r -> returned.incrementAndGet());
        channel.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                refusal = cause.getReason() instanceof AMQP.Channel.Close close
                        ? close.getReplyCode() + " " + close.getReplyText() : String.valueOf(cause.getMessage());
                window.release(windowSize); // Wake the sender and the waiter: nothing more will be confirmed.
            }
        });
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                settle(tag, multiple, confirmed);
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                settle(tag, multiple, nacked);
            }
        });
    }

    /** Publishes one message (mandatory), waiting while the window of unconfirmed messages is full. */
    void send(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, InterruptedException {
        window.acquire();
        if (refusal != null) {
            throw new IOException("the broker closed the channel: " + refusal);
        }
        outstanding.add(channel.getNextPublishSeqNo());
        channel.basicPublish(exchange, routingKey, true, properties, body);
        published++;
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

    /** Messages sent and not yet confirmed. */
    int unconfirmed() {
        return outstanding.size();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Already closed with its connection: nothing to release.
        }
    }

    private void settle(long tag, boolean multiple, AtomicLong counter) {
        int settled = 0;
        if (multiple) {
            NavigableSet<Long> upTo = outstanding.headSet(tag, true);
            while (upTo.pollFirst() != null) {
                settled++;
            }
        } else if (outstanding.remove(tag)) {
            settled = 1;
        }
        counter.addAndGet(settled);
        window.release(settled);
    }
}
