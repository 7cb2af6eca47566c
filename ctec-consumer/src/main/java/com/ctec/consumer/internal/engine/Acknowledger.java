package com.ctec.consumer.internal.engine;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that sends acks, rejects and requeues for one consuming channel.
 *
 * <p>Any thread may post a settlement; only this thread touches the {@link AckCoalescer} and
 * sends the frames, so a multiple-ack can never cover a delivery another thread is still
 * working on. Posting rarely wakes it: a post wakes it only when it sleeps idle, or when
 * {@code flushEvery} posts have gathered (the broker needs the credit back). Otherwise it drains
 * on its own clock, every {@link #LINGER_NANOS}, so under load one wake-up carries many
 * settlements. It sends the coalesced ack once {@code flushEvery} acks or
 * {@link #MAX_ACK_DELAY_NANOS} have gathered, and everything (stuck acks included) when a whole
 * linger passes with no post; then it sleeps until the next post wakes it. When its channel
 * dies, posts are dropped: the broker redelivers those messages on the next channel.
 */
final class Acknowledger {
    /**
     * How long to gather settlements between drains. Posts wake the thread early once a flush's
     * worth has gathered, so this only bounds how late a slow trickle of acks is sent.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** An ack never waits longer than this under load. */
    static final long MAX_ACK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private enum Kind { ACK, REJECT, REQUEUE, CLOSE }

    private record Post(long tag, Kind kind) {
    }

    private final Channel channel;
    private final Logger log;
    /** Told when the thread dies of a bug: nothing would be acked any more, so the session must be given up. */
    private final Runnable onDeath;
    private final int flushEvery;
    private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    /** Posts not drained yet; the post that makes it reach {@code flushEvery} wakes the thread. */
    private final AtomicInteger undrained = new AtomicInteger();
    private final AckCoalescer coalescer;
    private final Thread thread;
    /** Set while the thread sleeps until woken; posters unpark it only then. */
    private volatile boolean sleeping;
    private volatile boolean dead;

    Acknowledger(Channel channel, String queue, int prefetch, Logger log, Runnable onDeath) {
        this.channel = channel;
        this.log = log;
        this.onDeath = onDeath;
        // Half the window: the ack is back long before the other half is used up, and every ack frame costs the broker.
        this.flushEvery = Math.max(1, Math.min(64, prefetch / 2));
        this.coalescer = new AckCoalescer(new ChannelSink());
        this.thread = Thread.ofPlatform().daemon(true).name("ctec-acks-" + queue + "-ch" + channel.getChannelNumber())
                .unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    void ack(long tag) {
        post(new Post(tag, Kind.ACK));
    }

    void reject(long tag) {
        post(new Post(tag, Kind.REJECT));
    }

    void requeue(long tag) {
        post(new Post(tag, Kind.REQUEUE));
    }

    /** Sends everything posted so far, then ends the thread; waits at most {@code timeoutMillis}. */
    void flushAndClose(long timeoutMillis) {
        post(new Post(0, Kind.CLOSE));
        try {
            thread.join(Math.max(1, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The channel died: drop whatever is posted from now on. */
    void abandon() {
        dead = true;
        post(new Post(0, Kind.CLOSE));
    }

    private void post(Post post) {
        posts.add(post);
        // Both sides are volatile: either this sees the thread asleep, or the thread sees the post before sleeping.
        if (undrained.incrementAndGet() == flushEvery || sleeping) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        try {
            int unsentAcks = 0;
            long firstUnsent = 0;
            while (true) {
                int acks = 0;
                int drained = 0;
                for (Post post = posts.poll(); post != null; post = posts.poll()) {
                    if (post.kind() == Kind.CLOSE) {
                        coalescer.flush(true);
                        return;
                    }
                    apply(post);
                    drained++;
                    acks += post.kind() == Kind.ACK ? 1 : 0;
                }
                undrained.addAndGet(-drained);
                if (acks > 0 && unsentAcks == 0) {
                    firstUnsent = System.nanoTime();
                }
                unsentAcks += acks;
                if (drained > 0) {
                    if (unsentAcks >= flushEvery || (unsentAcks > 0 && System.nanoTime() - firstUnsent >= MAX_ACK_DELAY_NANOS)) {
                        coalescer.flush(false);
                        unsentAcks = 0;
                    }
                    LockSupport.parkNanos(this, LINGER_NANOS);
                    continue;
                }
                // A whole linger without a post: traffic paused. Send everything, then sleep until woken.
                coalescer.flush(true);
                unsentAcks = 0;
                sleeping = true;
                if (posts.isEmpty()) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        } catch (Throwable e) {
            // Errors too (an OutOfMemoryError in a frame write): a silent ack thread would stall the consumer for good.
            dead = true;
            log.error("The ack thread of channel {} stopped unexpectedly; the consumer reconnects and its unacknowledged "
                    + "messages will be redelivered.", channel.getChannelNumber(), e);
            onDeath.run();
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
