package com.ctec.consumer.dashboard;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import java.util.stream.DoubleStream;

/** Registry entries made by hand, for the tests that need exact times and values. */
final class Entries {
    private Entries() {
    }

    /** An entry with no queues and no samples. */
    static RegistryEntry entry(String app, long pid, long updatedAt, long intervalMs, String state) {
        return entry(app, pid, updatedAt, intervalMs, state, List.of());
    }

    /** An entry with the given {@code consumed} series. */
    static RegistryEntry entry(String app, long pid, long updatedAt, long intervalMs, String state, List<Point> consumed) {
        return new RegistryEntry(app, "", "/opt/" + app, "10.9.9.9", pid, "test", updatedAt - 60_000, updatedAt, state, 12,
                intervalMs, List.of(), List.of(), List.of(), consumed, List.of(), List.of());
    }

    /** {@code count} points every {@code intervalMs} from {@code start}, valued by time. */
    static List<Point> series(long start, long intervalMs, int count, LongToDoubleFunction value) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = start + i * intervalMs;
            points.add(new Point(at, value.applyAsDouble(at)));
        }
        return points;
    }

    /**
     * An entry of a process of {@code app} whose last five minutes (the last one in progress at
     * {@code now}) saw 60 messages a minute (10 so far in the last), these dead letters, twice as
     * many failures, and this backlog at each minute's end.
     */
    static RegistryEntry troubled(String app, long pid, long now, long minute, RegistryEntry.Failure failure,
                                  double[] deadLettered, double[] backlog) {
        List<Point> consumed = minutes(minute, new double[]{60, 60, 60, 60, 10});
        RegistryEntry.Queue queue = new RegistryEntry.Queue("q." + app, "/", "h:5672", 30, 5, "THREADS", "RUNNING",
                new ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0), (long) backlog[backlog.length - 1], failure);
        return new RegistryEntry(app, "", "/opt/" + app, "10.9.9.9", pid, "test", now - 600_000, now, "RUNNING", 12, 60_000,
                List.of(queue), consumed, consumed, consumed, List.of(), List.of(),
                minutes(minute, DoubleStream.of(deadLettered).map(v -> 2 * v).toArray()), minutes(minute, deadLettered),
                minutes(minute, backlog));
    }

    /** One point a minute, the last at {@code minuteInProgress}. */
    static List<Point> minutes(long minuteInProgress, double[] values) {
        List<Point> points = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(minuteInProgress - (values.length - 1 - i) * 60_000L, values[i]));
        }
        return points;
    }
}
