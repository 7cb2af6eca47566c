package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;

/** The ceiling: the broker forgets each message as it sends it (no acks, no prefetch limit). Not at-least-once. */
public record RawAutoAck() implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, auto-ack (ceiling)";
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        return new RawChannel(job.uri(), name(), 0).consume(job.queue(), true,
                (channel, envelope, body) -> job.work().handle(body));
    }
}
