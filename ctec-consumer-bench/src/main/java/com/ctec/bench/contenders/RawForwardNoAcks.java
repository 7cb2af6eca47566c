package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

/**
 * Forwarding with none of the work at-least-once needs: auto-ack consumption (no acks, no prefetch
 * limit) and every message published to the second queue with confirms on but never waited for.
 * It shows what the broker itself makes of "hand out of one queue, take into another" on this
 * machine. Like the auto-ack row of scenario 1 it is no strict ceiling (a broker pushed without
 * flow control can do worse than one paced by acks), but a target it misses is out of reach of
 * any correct client.
 */
public record RawForwardNoAcks() implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, auto-ack + forward, confirms not awaited (no at-least-once)";
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
