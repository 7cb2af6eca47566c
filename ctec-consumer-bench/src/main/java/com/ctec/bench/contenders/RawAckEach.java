package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;

/** The textbook raw loop: work, then {@code basicAck(tag, false)} on the delivery thread. */
public record RawAckEach(int prefetch) implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, ack each, prefetch " + prefetch;
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        return new RawChannel(job.uri(), name(), prefetch).consume(job.queue(), false, (channel, envelope, body) -> {
            job.work().handle(body);
            channel.basicAck(envelope.getDeliveryTag(), false);
        });
    }
}
