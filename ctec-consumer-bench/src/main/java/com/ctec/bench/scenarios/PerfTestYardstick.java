package com.ctec.bench.scenarios;

import com.ctec.bench.Alternation;
import com.ctec.bench.Broker;
import com.ctec.bench.CpuMeter;
import com.ctec.bench.RoundResult;
import com.ctec.bench.TrialResults;
import com.ctec.bench.contenders.PerfTest;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1b: RabbitMQ PerfTest as the publisher, the yardstick for the harness's own fill and,
 * with its consumer at once, for what this broker does end to end with the RabbitMQ team's own loop.
 * Each row runs in alternation; a rate is the messages over the wall time of the run (connecting
 * included, a few milliseconds), and the round is refused unless the queue then holds what it should.
 */
final class PerfTestYardstick {
    private interface Row {
        /** Runs one round on a fresh queue; returns its wall time in nanoseconds. */
        long run(Broker broker, String queue, int messages) throws Exception;

        /** Messages the queue must hold afterwards. */
        long left(int messages);
    }

    private static final int CONFIRM_WINDOW = 2_000;

    Section run(Context context) throws Exception {
        int n = context.options().messages();
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("harness fill: raw amqp-client publisher, confirms, window " + CONFIRM_WINDOW, new Row() {
            @Override
            public long run(Broker broker, String queue, int messages) throws Exception {
                long start = System.nanoTime();
                broker.fill(queue, messages, 100);
                return System.nanoTime() - start;
            }

            @Override
            public long left(int messages) {
                return messages;
            }
        });
        rows.put("PerfTest publisher, confirms, window " + CONFIRM_WINDOW, new Row() {
            @Override
            public long run(Broker broker, String queue, int messages) {
                return timed(perfTest(broker, queue, messages, "1", "0"));
            }

            @Override
            public long left(int messages) {
                return messages;
            }
        });
        rows.put("PerfTest publisher + PerfTest consumer at once, prefetch 250, multi-ack every 50", new Row() {
            @Override
            public long run(Broker broker, String queue, int messages) {
                List<String> args = perfTest(broker, queue, messages, "1", "1");
                args.addAll(List.of("--cmessages", "" + messages, "--qos", "250", "--multi-ack-every", "50"));
                return timed(args);
            }

            @Override
            public long left(int messages) {
                return 0;
            }
        });
        Map<String, TrialResults> results = new LinkedHashMap<>();
        rows.keySet().forEach(name -> results.put(name, new TrialResults()));
        Broker broker = context.broker();
        for (int r = 0; r <= context.options().rounds(); r++) {
            for (Map.Entry<String, Row> row : rows.entrySet()) {
                int messages = r == 0 ? Math.max(100, n / 10) : n; // round 0 warms the JIT up, not reported
                String queue = broker.freshQueue("perftest " + row.getKey());
                try {
                    CpuMeter.Reading before = CpuMeter.read(broker.port());
                    long nanos = row.getValue().run(broker, queue, messages);
                    CpuMeter.Reading cost = CpuMeter.read(broker.port()).minus(before);
                    long held = broker.awaitReady(queue, row.getValue().left(messages), 5_000);
                    if (held != row.getValue().left(messages)) {
                        throw new IllegalStateException("the queue held " + held + " messages, not " + row.getValue().left(messages));
                    }
                    if (r > 0) {
                        RoundResult result = RoundResult.of(messages * 1e9 / nanos, cost, messages);
                        results.get(row.getKey()).add(result);
                        context.progress().line("  round %d/%d  %-62s %,9.0f msg/s  (CPU/msg: client %.1f µs, broker %.1f µs)", r,
                                context.options().rounds(), row.getKey(), result.rate(), result.clientMicros(), result.brokerMicros());
                    }
                } catch (Exception e) {
                    results.get(row.getKey()).rate().refuse(Alternation.describe(e));
                    context.progress().line("  round %d  %-62s REFUSED: %s", r, row.getKey(), Alternation.describe(e));
                } finally {
                    broker.delete(queue);
                }
            }
        }
        Section section = new Section("1b. RabbitMQ PerfTest as the publisher (and with its consumer at once)", String.format("""
                RabbitMQ PerfTest %s in this JVM publishes %,d persistent 100-byte messages to a fresh durable queue, with
                publisher confirms (at most %,d unconfirmed), beside the harness's own fill, which makes every queue of
                scenario 1; the last row runs PerfTest's consumer at the same time (prefetch 250, multi-ack every 50, DMLC's
                setting). Rates are messages over the run's wall time, connecting included.""", "2.22.1", n, CONFIRM_WINDOW));
        Table table = new Table("contender", "median msg/s", "min–max", "rounds", "messages", "client CPU µs/msg", "broker CPU µs/msg");
        for (Map.Entry<String, TrialResults> entry : results.entrySet()) {
            TrialResults t = entry.getValue();
            table.row(entry.getKey(), ThroughputTable.rate(t.rate().median()),
                    ThroughputTable.rate(t.rate().min()) + "–" + ThroughputTable.rate(t.rate().max()), t.rate().count(),
                    String.format("%,d", n), ThroughputTable.decimal(t.clientMicros().median()),
                    ThroughputTable.decimal(t.brokerMicros().median()));
            section.bar(entry.getKey(), t.rate().median(), t.rate().min(), t.rate().max());
            t.rate().refused().forEach(why -> section.note("Refused round of " + entry.getKey() + ": " + why + "."));
        }
        return section.table(table);
    }

    private static List<String> perfTest(Broker broker, String queue, int messages, String producers, String consumers) {
        List<String> args = new ArrayList<>(PerfTest.common(broker.uri(), "ctec-bench-publisher"));
        args.addAll(List.of("--producers", producers, "--consumers", consumers, "--queue", queue, "--predeclared",
                "--pmessages", "" + messages, "--confirm", "" + CONFIRM_WINDOW));
        return args;
    }

    private static long timed(List<String> args) {
        long start = System.nanoTime();
        PerfTest.run(args);
        return System.nanoTime() - start;
    }
}
