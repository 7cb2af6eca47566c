package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

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
}
