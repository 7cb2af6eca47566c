package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

import java.io.IOException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Forwarding the fast raw way: publish without waiting, remember publish sequence number →
 * delivery tag, and when confirms arrive ack every delivery below the oldest unconfirmed one with
 * one {@code basicAck(tag, multiple=true)}. Acks are sent from the confirm thread only.
 */
public record RawForwardAsync(int prefetch) implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, forward + async confirms → multi-ack, prefetch " + prefetch;
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        Connection publishing = RawChannel.publishing(job.uri(), name() + " publisher");
        Channel out = publishing.createChannel();
        out.confirmSelect();
        ConcurrentNavigableMap<Long, Long> tagBySeq = new ConcurrentSkipListMap<>();
        RawChannel in = new RawChannel(job.uri(), name(), prefetch);
        Acker acker = new Acker(in.channel(), tagBySeq);
        out.addConfirmListener(acker::confirmed, (seq, multiple) -> {
            throw new IOException("the broker nacked forward " + seq + ": the round fails on its lost messages");
        });
        long[] lastTag = new long[1]; // the delivery thread's; read by close() after cancel-ok
        in.consume(job.queue(), false, (channel, envelope, body) -> {
            job.work().handle(body);
            tagBySeq.put(out.getNextPublishSeqNo(), envelope.getDeliveryTag());
            out.basicPublish("", job.forwardTo(), true, MessageProperties.PERSISTENT_BASIC, body);
            lastTag[0] = envelope.getDeliveryTag();
        });
        return () -> {
            // A graceful stop: no more deliveries, every forward confirmed, every original acked, then close.
            in.cancel();
            out.waitForConfirmsOrDie(10_000);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (acker.acked < lastTag[0] && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            in.close();
            publishing.close(5_000);
        };
    }

    /** Runs on the publishing connection's thread: turns confirms into multi-acks on the consuming channel. */
    private static final class Acker {
        private final Channel consuming;
        private final ConcurrentNavigableMap<Long, Long> tagBySeq;
        private long highestConfirmedTag;
        private volatile long acked;

        Acker(Channel consuming, ConcurrentNavigableMap<Long, Long> tagBySeq) {
            this.consuming = consuming;
            this.tagBySeq = tagBySeq;
        }

        void confirmed(long seq, boolean multiple) throws IOException {
            ConcurrentNavigableMap<Long, Long> done = multiple ? tagBySeq.headMap(seq, true) : tagBySeq.subMap(seq, true, seq, true);
            for (Long tag : done.values()) {
                highestConfirmedTag = Math.max(highestConfirmedTag, tag);
            }
            done.clear();
            // Seq and tag grow together: everything below the oldest unconfirmed delivery is confirmed.
            var oldest = tagBySeq.firstEntry();
            long ackUpTo = oldest == null ? highestConfirmedTag : Math.min(highestConfirmedTag, oldest.getValue() - 1);
            if (ackUpTo > acked) {
                consuming.basicAck(ackUpTo, true);
                acked = ackUpTo;
            }
        }
    }
}
