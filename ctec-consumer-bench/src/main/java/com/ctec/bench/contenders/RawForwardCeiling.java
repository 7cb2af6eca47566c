package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

/**
 * The forwarding ceiling: auto-ack consumption (no acks, no prefetch limit) and every message
 * published to the second queue with confirms turned on but never waited for. It does none of the
 * work at-least-once needs (acks after confirms), so no correct client can forward faster on this
 * broker: what it measures is how fast the broker can take persistent messages into one queue
 * while it hands them out of another.
 */
public record RawForwardCeiling() implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, auto-ack + forward, confirms not awaited (forwarding ceiling)";
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        Connection publishing = RawChannel.publishing(job.uri(), name() + " publisher");
        Channel out = publishing.createChannel();
        out.confirmSelect();
        RawChannel in = new RawChannel(job.uri(), name(), 0);
        in.consume(job.queue(), true, (channel, envelope, body) -> {
            job.work().handle(body);
            out.basicPublish("", job.forwardTo(), true, MessageProperties.PERSISTENT_BASIC, body);
        });
        return () -> {
            in.cancel();
            out.waitForConfirmsOrDie(10_000);
            in.close();
            publishing.close(5_000);
        };
    }
}
