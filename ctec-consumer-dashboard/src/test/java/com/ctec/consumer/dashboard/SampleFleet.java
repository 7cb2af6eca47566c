package com.ctec.consumer.dashboard;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up fleet with a day of history, written to a test ZooKeeper as agents would write it (the
 * last hour in the entry, closed hours in the history): what the documentation's screenshots show
 * (one-minute samples, a daily rhythm, a gone, a stale and a recovering instance, an app that
 * dead-letters and one whose backlog grows).
 */
final class SampleFleet {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private final TestFleet fleet;
    private final long now = System.currentTimeMillis();
    private final Random random = new Random(7);

    SampleFleet(TestFleet fleet) {
        this.fleet = fleet;
    }

    /** Writes the sample apps; one instance of "journal" is written and deleted again, so it shows as gone. */
    void write() throws Exception {
        fleet.writeWithHistory(instance("journal", "10.0.0.5", 1234, 24 * HOUR, 1.0, "RUNNING", now));
        fleet.writeWithHistory(instance("journal", "10.0.0.6", 871, 24 * HOUR, 0.8, "RUNNING", now));
        fleet.writeWithHistory(instance("journal", "10.0.0.7", 2210, 7 * HOUR, 1.1, "RUNNING", now));
        RegistryEntry crashed = instance("journal", "10.0.0.8", 3307, 16 * HOUR, 0.9, "RUNNING", now - 2 * MINUTE);
        fleet.writeWithHistory(crashed);
        fleet.delete(crashed);
        fleet.writeWithHistory(instance("orders", "10.0.1.11", 4410, 24 * HOUR, 0.4, "RUNNING", now));
        fleet.writeWithHistory(instance("orders", "10.0.1.12", 4415, 24 * HOUR, 0.4, "RECOVERING", now));
        fleet.writeWithHistory(instance("billing", "10.0.2.3", 977, 24 * HOUR, 0.2, "RUNNING", now - 7 * MINUTE));
        for (int i = 0; i < 4; i++) {
            fleet.writeWithHistory(instance("search-indexer", "10.0.3." + (20 + i), 6100 + i, 24 * HOUR, 1.6, "RUNNING", now));
        }
        fleet.writeWithHistory(instance("mail-sender", "10.0.4.2", 15_002, 3 * HOUR, 0.1, "RUNNING", now));
        fleet.writeWithHistory(instance("payments", "10.0.5.7", 7_301, 24 * HOUR, 0.5, "RUNNING", now));
        fleet.writeWithHistory(instance("payments", "10.0.5.8", 7_388, 24 * HOUR, 0.5, "RUNNING", now));
    }

    /** One process: up for {@code age}, busy by {@code load} times the daily rhythm, last written at {@code updatedAt}. */
    private RegistryEntry instance(String app, String hostIp, long pid, long age, double load, String state, long updatedAt) {
        long startedAt = now - age;
        List<Point> consumed = new ArrayList<>();
        List<Point> cpu = new ArrayList<>();
        List<Point> memory = new ArrayList<>();
        List<Point> failed = new ArrayList<>();
        List<Point> deadLettered = new ArrayList<>();
        List<Point> backlog = new ArrayList<>();
        boolean failing = app.equals("payments");
        boolean behind = app.equals("search-indexer");
        double heap = 2.0 + random.nextDouble();
        for (long at = startedAt - startedAt % MINUTE + MINUTE; at + MINUTE <= updatedAt; at += MINUTE) {
            // Busy by day, quiet by night, with noise: minute of day 0 at midnight.
            double day = (at % (24 * HOUR)) / (double) (24 * HOUR);
            double rhythm = 0.55 + 0.45 * Math.sin(2 * Math.PI * (day - 0.3));
            double messages = Math.max(0, load * (900 * rhythm + 120 * random.nextGaussian()));
            consumed.add(new Point(at, Math.round(messages)));
            cpu.add(new Point(at, round(1.5 + messages / 90 + random.nextDouble())));
            heap = heap > 6.5 ? 2.5 : heap + 0.004 + 0.002 * random.nextDouble(); // slow growth, then a full GC
            memory.add(new Point(at, round(heap)));
            long minutesLeft = (updatedAt - at) / MINUTE;
            // payments: its database went away 25 minutes ago; search-indexer: arrivals outgrow it for the last 40.
            long dead = failing && minutesLeft < 25 ? 4 + random.nextInt(6) : random.nextInt(200) == 0 ? 1 : 0;
            failed.add(new Point(at, dead * 3 + (random.nextInt(20) == 0 ? 1 : 0)));
            deadLettered.add(new Point(at, dead));
            double waiting = behind && minutesLeft < 40 ? 300 + (40 - minutesLeft) * 180 + random.nextInt(40)
                    : Math.max(0, 20 * rhythm + 15 * random.nextGaussian());
            backlog.add(new Point(at, Math.round(waiting)));
        }
        RegistryEntry.Failure lastFailure = failing
                ? new RegistryEntry.Failure(updatedAt - 8_000 - random.nextInt(20_000),
                        "org.postgresql.util.PSQLException: Connection to payments-db:5432 refused.")
                : app.equals("journal") ? new RegistryEntry.Failure(updatedAt - 47 * MINUTE,
                        "java.lang.IllegalArgumentException: login event without a user id") : null;
        List<RegistryEntry.Queue> queues = List.of(new RegistryEntry.Queue("q." + app + ".events", "/prod", "10.0.9.1:5672", 30, 5,
                "THREADS", state, new ConsumerStats(120_000, 119_950, 40, 5, 5, 45, 0, 0, 3),
                backlog.isEmpty() ? -1 : Math.round(backlog.get(backlog.size() - 1).value()), lastFailure));
        return new RegistryEntry(app, "the " + app + " service", "/opt/" + app, hostIp, pid, "1.0.0", startedAt, updatedAt, state,
                40 + random.nextInt(20), MINUTE, queues, cpu, memory, consumed, List.of(), List.of(), failed, deadLettered, backlog);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
