package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages per minute from the registry's {@code consumed} series (messages per agent interval),
 * for one instance and summed over an app's instances.
 */
final class MessageRates {
    private static final double MINUTE_MS = 60_000;

    private MessageRates() {
    }

    /** The instance's series as messages per minute, whatever its agent interval. */
    static List<Point> perMinute(Instance instance) {
        double scale = MINUTE_MS / InstanceStatus.intervalMs(instance);
        return instance.entry().consumed().stream().map(p -> new Point(p.at(), p.value() * scale)).toList();
    }

    /** The last interval's messages per minute, or 0 before the first interval closed. */
    static double now(Instance instance) {
        List<Point> rates = perMinute(instance);
        return rates.isEmpty() ? 0 : rates.get(rates.size() - 1).value();
    }

    /**
     * The sum of the instances' rates on one time grid. Each process starts its intervals when it
     * starts, so the points of two instances never share a timestamp: the grid has steps of the
     * longest interval, and each instance counts in a step with the average of its rates over the
     * part of the step its intervals cover. A step no instance covers is left out.
     *
     * <p>The loops are short because every entry passed {@code EntryValidator}: an interval is at
     * most a day and every time lies before 2100, so {@code at + interval} cannot overflow and each
     * point spans at most three steps.
     */
    static List<Point> sum(List<Instance> instances) {
        long step = instances.stream().mapToLong(InstanceStatus::intervalMs).max().orElse(60_000);
        Map<Long, Double> total = new TreeMap<>();
        for (Instance instance : instances) {
            long interval = InstanceStatus.intervalMs(instance);
            Map<Long, double[]> weighted = new TreeMap<>(); // step start -> {rate x covered ms, covered ms}
            for (Point p : perMinute(instance)) {
                for (long start = Math.floorDiv(p.at(), step) * step; start < p.at() + interval; start += step) {
                    long covered = Math.min(p.at() + interval, start + step) - Math.max(p.at(), start);
                    double[] w = weighted.computeIfAbsent(start, s -> new double[2]);
                    w[0] += p.value() * covered;
                    w[1] += covered;
                }
            }
            weighted.forEach((start, w) -> total.merge(start, w[0] / w[1], Double::sum));
        }
        List<Point> points = new ArrayList<>(total.size());
        total.forEach((start, rate) -> points.add(new Point(start, rate)));
        return points;
    }
}
