package com.ctec.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One latency round: a publisher thread sends persistent messages at a steady rate (paced with
 * parkNanos, each body stamped with System.nanoTime just before its publish) while the contender
 * consumes; the worker computes publish-to-worker latency. Publisher and consumer share this JVM,
 * so the clock is the same and needs no sync. The first tenth is JIT warm-up and is not counted.
 */
public final class LatencyRound {
    /** Percentiles in microseconds. */
    public record Result(double p50, double p99, double max) {
    }

    private final Broker broker;

    public LatencyRound(Broker broker) {
        this.broker = broker;
    }

    public Result run(Contender contender, int perSecond, int seconds) throws Exception {
        int count = perSecond * seconds;
        String queue = broker.freshQueue("latency " + contender.name());
        Tally tally = new Tally(count);
        AtomicLongArray latencies = new AtomicLongArray(count);
        Job job = new Job(broker.uri(), queue, body -> {
            long arrived = System.nanoTime();
            long id = tally.record(body);
            if (id >= 0 && id < count) {
                latencies.set((int) id, arrived - Payload.stampNanos(body));
            }
        }, null);
        try {
            try (AutoCloseable running = contender.start(job)) {
                publishSteadily(queue, count, perSecond);
                if (!tally.awaitComplete(30)) {
                    throw new RoundRefused("stalled after " + tally.distinct() + " of " + count + " messages");
                }
            }
            if (tally.problem() != null) {
                throw new RoundRefused(tally.problem());
            }
            long left = broker.awaitReady(queue, 0, 5_000);
            if (left != 0) {
                throw new RoundRefused(left + " messages were not acknowledged");
            }
            return percentiles(latencies, count / 10);
        } finally {
            broker.delete(queue);
        }
    }

    private void publishSteadily(String queue, int count, int perSecond) throws Exception {
        long interval = 1_000_000_000L / perSecond;
        try (Connection connection = Broker.factory(broker.uri()).newConnection("ctec-bench latency publisher")) {
            Channel channel = connection.createChannel();
            long start = System.nanoTime();
            for (int id = 0; id < count; id++) {
                long due = start + id * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, Payload.of(id, 100));
            }
        }
    }

    private static Result percentiles(AtomicLongArray latencies, int skip) {
        long[] sorted = new long[latencies.length() - skip];
        for (int i = skip; i < latencies.length(); i++) {
            sorted[i - skip] = latencies.get(i);
        }
        Arrays.sort(sorted);
        return new Result(micros(sorted, 0.50), micros(sorted, 0.99), sorted[sorted.length - 1] / 1_000.0);
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1_000.0;
    }
}
