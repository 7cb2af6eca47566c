package com.ctec.consumer.agent;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;

import java.time.Duration;

/** The consumer the agent tests run: agent on, a one-second interval, a worker that succeeds. */
final class Consumers {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private Consumers() {
    }

    static Consumer.Builder builder(String queue, String app) {
        return builder(Broker.URL, queue, app);
    }

    static Consumer.Builder builder(String url, String queue, String app) {
        return Consumer.builder(url, queue).agent(true).appName(app).zookeeper(null).agentInterval(INTERVAL);
    }

    /** Builds, registers the succeeding worker and starts. */
    static Consumer started(Consumer.Builder builder) {
        Consumer consumer = builder.build();
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);
        consumer.start();
        return consumer;
    }
}
