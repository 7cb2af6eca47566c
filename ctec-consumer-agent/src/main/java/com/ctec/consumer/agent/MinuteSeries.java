package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest {@code capacity} minutes of one series as [minute start, value] points: the value of
 * the minute in progress is replaced as it grows, a new minute adds a point.
 * Written on the agent thread; read there and by the endpoint's scrapes, hence synchronized.
 */
final class MinuteSeries {
    private final long[] at;
    private final double[] values;
    private int next;
    private int size;

    MinuteSeries(int capacity) {
        this.at = new long[capacity];
        this.values = new double[capacity];
    }

    /** Sets the value of the minute starting at {@code minute}: the newest point's, or a new point after it. */
    synchronized void set(long minute, double value) {
        int newest = (next - 1 + at.length) % at.length;
        if (size > 0 && at[newest] == minute) {
            values[newest] = value;
            return;
        }
        if (size > 0 && at[newest] > minute) {
            return; // The clock went back: a minute already closed is not rewritten.
        }
        at[next] = minute;
        values[next] = value;
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    /** The points from {@code from} (epoch ms, inclusive) to {@code to} (exclusive), oldest first. */
    synchronized List<RegistryEntry.Point> points(long from, long to) {
        List<RegistryEntry.Point> points = new ArrayList<>(Math.min(size, 64));
        int first = (next - size + at.length) % at.length;
        for (int i = 0; i < size; i++) {
            int slot = (first + i) % at.length;
            if (at[slot] >= from && at[slot] < to) {
                points.add(new RegistryEntry.Point(at[slot], values[slot]));
            }
        }
        return points;
    }

    /** The start of the newest minute, or -1 when there is none. */
    synchronized long newestMinute() {
        return size == 0 ? -1 : at[(next - 1 + at.length) % at.length];
    }

    /** The value of the newest minute, or {@code orElse} when there is none. */
    synchronized double newest(double orElse) {
        return size == 0 ? orElse : values[(next - 1 + at.length) % at.length];
    }
}
