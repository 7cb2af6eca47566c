package com.ctec.consumer.cli;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.spi.ConsumerState;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the demo's steps one by one: each does its action once its consumers run, shows a live
 * progress line until every message is settled, and adds a row to the summary.
 */
final class DemoSteps {
    private final ProgressLine progress;
    private final Table summary = new Table("step", "mode", "messages", "acked", "retried", "dead-lettered", "time", "rate",
            "what happened");

    DemoSteps(ProgressLine progress) {
        this.progress = progress;
    }

    /** A step's body: what it publishes or calls once its consumers run. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Does {@code action} and waits until {@code expected} messages are settled by the (started)
     * {@code consumers}; {@code note} is asked afterwards for the summary's last column.
     *
     * @throws CliException when the step does not finish in time, a consumer stopped, or the action could not publish
     */
    void run(String name, String mode, List<Consumer> consumers, long expected, Action action, Supplier<String> note)
            throws InterruptedException {
        long started = System.nanoTime();
        try {
            action.run();
            long deadline = started + Duration.ofSeconds(30 + expected / 500).toNanos();
            ConsumerStats stats = total(consumers);
            while (settled(stats) < expected) {
                if (System.nanoTime() > deadline || consumers.stream().anyMatch(c -> c.state() == ConsumerState.STOPPED)) {
                    progress.finish(line(name, stats, expected, started));
                    throw CliException.failure("Demo step '" + name + "' did not finish: " + settled(stats) + " of " + expected
                            + " messages settled" + (System.nanoTime() > deadline ? " in time" : " before it was stopped")
                            + "; see the lines above, and the broker's logs.");
                }
                progress.update(line(name, stats, expected, started));
                TimeUnit.MILLISECONDS.sleep(100);
                stats = total(consumers);
            }
            progress.finish(line(name, stats, expected, started));
        } catch (IOException e) {
            throw CliException.failure("Demo step '" + name + "' could not publish: " + e.getMessage() + ".", e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ConsumerStats stats = total(consumers);
        summary.row(name, mode, expected, stats.succeeded(), stats.redelivered(), stats.deadLettered(),
                String.format("%.2f s", seconds), String.format("%,.0f msg/s", settled(stats) / seconds), note.get());
    }

    /** The summary of the steps run so far, one row each. */
    String summary() {
        return summary.render();
    }

    private static String line(String name, ConsumerStats stats, long expected, long started) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        return String.format("%-16s %,7d/%,d  %,8.0f msg/s  in flight %4d  acked %,d  retried %,d  dead-lettered %,d",
                name, settled(stats), expected, settled(stats) / seconds, stats.inFlight(), stats.succeeded(),
                stats.redelivered(), stats.deadLettered());
    }

    private static long settled(ConsumerStats stats) {
        return stats.succeeded() + stats.deadLettered();
    }

    private static ConsumerStats total(List<Consumer> consumers) {
        long[] sum = new long[9];
        for (Consumer consumer : consumers) {
            ConsumerStats s = consumer.stats();
            long[] values = {s.delivered(), s.succeeded(), s.redelivered(), s.rejected(), s.deadLettered(), s.failed(),
                s.forwarded(), s.replied(), s.inFlight()};
            for (int i = 0; i < sum.length; i++) {
                sum[i] += values[i];
            }
        }
        return new ConsumerStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8]);
    }
}
