package com.ctec.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One latency round for several contenders at once, each consuming its own queue: a publisher
 * thread sends message i to every queue back to back at a steady rate (paced with parkNanos; each
 * body stamped with System.nanoTime just before its publish), and each worker computes
 * publish-to-worker latency. Running the contenders side by side puts the machine's hiccups on
 * all of them at the same moments, so their difference is meaningful even on busy shared cores;
 * publisher and consumers share this JVM, so there is one clock. The first tenth is warm-up.
 */
public final class LatencyRound {
    /** Percentiles in microseconds. */
    public record Result(double p50, double p99, double max) {
    }

    private final Broker broker;

    public LatencyRound(Broker broker) {
        this.broker = broker;
    }

    /** Results in the order of {@code contenders}; each gets {@code perSecond} messages per second. */
    public List<Result> run(List<Contender> contenders, int perSecond, int seconds) throws Exception {
        int count = perSecond * seconds;
        List<String> queues = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        List<AtomicLongArray> latencies = new ArrayList<>();
        List<AutoCloseable> running = new ArrayList<>();
        try {
            for (Contender contender : contenders) {
                String queue = broker.freshQueue("latency " + contender.name());
                queues.add(queue);
                Tally tally = new Tally(count);
                AtomicLongArray latency = new AtomicLongArray(count);
                tallies.add(tally);
                latencies.add(latency);
                running.add(contender.start(new Job(broker.uri(), queue, body -> {
                    long arrived = System.nanoTime();
                    long id = tally.record(body);
                    if (id >= 0 && id < count) {
                        latency.set((int) id, arrived - Payload.stampNanos(body));
                    }
                }, null)));
            }
            publishSteadily(queues, count, perSecond);
            for (Tally tally : tallies) {
                if (!tally.awaitComplete(30)) {
                    throw new RoundRefused("stalled after " + tally.distinct() + " of " + count + " messages");
                }
            }
            closeAll(running);
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < contenders.size(); i++) {
                check(queues.get(i), tallies.get(i));
                results.add(percentiles(latencies.get(i), count / 10));
            }
            return results;
        } finally {
            closeAll(running);
            queues.forEach(broker::delete);
        }
    }

    private void check(String queue, Tally tally) throws Exception {
        if (tally.problem() != null) {
            throw new RoundRefused(tally.problem());
        }
        long left = broker.awaitReady(queue, 0, 5_000);
        if (left != 0) {
            throw new RoundRefused(left + " messages were not acknowledged");
        }
    }

    private void publishSteadily(List<String> queues, int count, int perSecond) throws Exception {
        long interval = 1_000_000_000L / perSecond;
        try (Connection connection = Broker.factory(broker.uri()).newConnection("ctec-bench latency publisher")) {
            Channel channel = connection.createChannel();
            long start = System.nanoTime();
            for (int id = 0; id < count; id++) {
                long due = start + id * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                for (String queue : queues) {
                    channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, Payload.of(id, 100));
                }
            }
        }
    }

    private static void closeAll(List<AutoCloseable> running) throws Exception {
        for (AutoCloseable r : running) {
            r.close();
        }
        running.clear();
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
