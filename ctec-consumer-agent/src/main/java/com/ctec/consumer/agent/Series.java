package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;

import java.util.ArrayList;
import java.util.List;

/** A fixed-size ring buffer of [interval start, value] points: the newest {@code capacity} are kept. */
final class Series {
    private final long[] at;
    private final double[] values;
    private int next;
    private int size;

    Series(int capacity) {
        this.at = new long[capacity];
        this.values = new double[capacity];
    }

    synchronized void add(long intervalStart, double value) {
        at[next] = intervalStart;
        values[next] = value;
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    /** The points, oldest first. */
    synchronized List<RegistryEntry.Point> points() {
        List<RegistryEntry.Point> points = new ArrayList<>(size);
        int first = (next - size + at.length) % at.length;
        for (int i = 0; i < size; i++) {
            int slot = (first + i) % at.length;
            points.add(new RegistryEntry.Point(at[slot], values[slot]));
        }
        return points;
    }
}
