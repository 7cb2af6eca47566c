package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;

import java.io.IOException;

/**
 * A raw loop that acks every {@code every} messages with {@code multiple=true}. It acks the tail
 * only when it stops (a real one would need a timer for a quiet queue): a best case for the raw client.
 */
public record RawMultiAck(int prefetch, int every) implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, multi-ack every " + every + ", prefetch " + prefetch;
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        return new RawChannel(job.uri(), name(), prefetch).consume(job.queue(), false, new RawChannel.Deliveries() {
            private long lastTag; // the delivery thread's own: deliveries and cancel-ok run on it in order
            private long acked;

            @Override
            public void deliver(Channel channel, Envelope envelope, byte[] body) throws Exception {
                job.work().handle(body);
                lastTag = envelope.getDeliveryTag();
                if (lastTag - acked >= every) {
                    channel.basicAck(lastTag, true);
                    acked = lastTag;
                }
            }

            @Override
            public void stopped(Channel channel) throws IOException {
                if (lastTag > acked) {
                    channel.basicAck(lastTag, true);
                }
            }
        });
    }
}
