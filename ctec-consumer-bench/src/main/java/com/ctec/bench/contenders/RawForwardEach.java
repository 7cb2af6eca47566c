package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

/** Forwarding the textbook way: publish, {@code waitForConfirmsOrDie}, then ack, one message at a time. */
public record RawForwardEach(int prefetch) implements Contender {
    @Override
    public String name() {
        return "raw amqp-client, forward + waitForConfirms each, prefetch " + prefetch;
    }

    /** A confirm wait per message gives a few hundred msg/s: a smaller share keeps the round short. */
    @Override
    public int shareDivisor() {
        return 20;
    }

    @Override
    public AutoCloseable start(Job job) throws Exception {
        Connection publishing = RawChannel.publishing(job.uri(), name() + " publisher");
        Channel out = publishing.createChannel();
        out.confirmSelect();
        RawChannel in = new RawChannel(job.uri(), name(), prefetch).consume(job.queue(), false, (channel, envelope, body) -> {
            job.work().handle(body);
            out.basicPublish("", job.forwardTo(), true, MessageProperties.PERSISTENT_BASIC, body);
            out.waitForConfirmsOrDie(10_000);
            channel.basicAck(envelope.getDeliveryTag(), false);
        });
        return () -> {
            in.close();
            publishing.close(5_000);
        };
    }
}
