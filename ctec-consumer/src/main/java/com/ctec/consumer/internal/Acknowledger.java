package com.ctec.consumer.internal;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that sends acks, rejects and requeues for one consuming channel.
 *
 * <p>Any thread may post a settlement; only this thread touches the {@link AckCoalescer} and
 * sends the frames, so a multiple-ack can never cover a delivery another thread is still
 * working on. It drains everything posted, coalesces, and flushes when the queue of posts runs
 * dry for a moment ({@link #LINGER_NANOS}) or enough acks are waiting. When its channel dies,
 * posts are dropped: the broker redelivers those messages on the next channel.
 */
final class Acknowledger {
    /** How long to wait for more finished deliveries before flushing: short enough for latency, long enough to coalesce. */
    static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private enum Kind { ACK, REJECT, REQUEUE, CLOSE }

    private record Post(long tag, Kind kind) {
    }

    private final Channel channel;
    private final Logger log;
    private final int flushEvery;
    private final LinkedBlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private final AckCoalescer coalescer;
    private final Thread thread;
    private volatile boolean dead;

    Acknowledger(Channel channel, String queue, int prefetch, Logger log) {
        this.channel = channel;
        this.log = log;
        this.flushEvery = Math.max(1, Math.min(64, prefetch / 4));
        this.coalescer = new AckCoalescer(new ChannelSink());
        this.thread = Thread.ofPlatform().daemon(true).name("ctec-acks-" + queue + "-ch" + channel.getChannelNumber())
                .unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    void ack(long tag) {
        posts.add(new Post(tag, Kind.ACK));
    }

    void reject(long tag) {
        posts.add(new Post(tag, Kind.REJECT));
    }

    void requeue(long tag) {
        posts.add(new Post(tag, Kind.REQUEUE));
    }

    /** Sends everything posted so far, then ends the thread; waits at most {@code timeoutMillis}. */
    void flushAndClose(long timeoutMillis) {
        posts.add(new Post(0, Kind.CLOSE));
        try {
            thread.join(Math.max(1, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The channel died: drop whatever is posted from now on. */
    void abandon() {
        dead = true;
        posts.add(new Post(0, Kind.CLOSE));
    }

    private void loop() {
        try {
            int sinceFlush = 0;
            while (true) {
                Post post = posts.poll(LINGER_NANOS, TimeUnit.NANOSECONDS);
                if (post == null) {
                    coalescer.flush(true);
                    sinceFlush = 0;
                    post = posts.take();
                }
                if (post.kind() == Kind.CLOSE) {
                    coalescer.flush(true);
                    return;
                }
                apply(post);
                if (++sinceFlush >= flushEvery) {
                    coalescer.flush(false);
                    sinceFlush = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The ack thread of channel {} stopped unexpectedly; its unacknowledged messages will be redelivered.",
                    channel.getChannelNumber(), e);
        }
    }

    private void apply(Post post) {
        try {
            switch (post.kind()) {
                case ACK -> coalescer.ack(post.tag());
                case REJECT -> coalescer.reject(post.tag());
                case REQUEUE -> coalescer.requeue(post.tag());
                default -> throw new IllegalStateException("unexpected " + post);
            }
        } catch (IllegalStateException bug) {
            // A second settlement of one tag is a bug; dropping it keeps every other ack flowing.
            log.error("Ignored a second settlement of delivery {} on channel {}.", post.tag(), channel.getChannelNumber(), bug);
        }
    }

    /** Sends frames unless the channel is gone (then the broker redelivers; nothing to do). */
    private final class ChannelSink implements AckCoalescer.Sink {
        @Override
        public void ack(long tag, boolean multiple) {
            send(() -> channel.basicAck(tag, multiple));
        }

        @Override
        public void reject(long tag) {
            send(() -> channel.basicReject(tag, false));
        }

        @Override
        public void requeue(long tag) {
            send(() -> channel.basicNack(tag, false, true));
        }

        private void send(ChannelCall call) {
            if (dead || !channel.isOpen()) {
                return;
            }
            try {
                call.run();
            } catch (IOException | RuntimeException e) {
                log.debug("Could not settle on closed channel {}: the broker will redeliver", channel.getChannelNumber(), e);
            }
        }
    }

    @FunctionalInterface
    private interface ChannelCall {
        void run() throws IOException;
    }
}
