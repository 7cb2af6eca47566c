package com.ctec.consumer.agent.registry;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * An app's series from its instances': their points are minute starts, so minutes line up across
 * instances. Counts are summed; the backlog takes the largest (instances of an app usually consume
 * the same queues, and each reports the same backlog).
 */
public final class MinuteSums {
    private MinuteSums() {
    }

    /** The instances' points summed by minute, oldest first. */
    public static List<Point> sum(List<RegistryEntry> instances, Function<RegistryEntry, List<Point>> series) {
        return points(merge(instances, series, Double::sum));
    }

    /** The largest of the instances' points by minute, oldest first. */
    public static List<Point> max(List<RegistryEntry> instances, Function<RegistryEntry, List<Point>> series) {
        return points(merge(instances, series, Math::max));
    }

    static TreeMap<Long, Double> merge(List<RegistryEntry> instances, Function<RegistryEntry, List<Point>> series,
                                       BinaryOperator<Double> combine) {
        TreeMap<Long, Double> byMinute = new TreeMap<>();
        instances.forEach(e -> series.apply(e).forEach(p -> byMinute.merge(p.at(), p.value(), combine)));
        return byMinute;
    }

    private static List<Point> points(Map<Long, Double> byMinute) {
        List<Point> points = new ArrayList<>(byMinute.size());
        byMinute.forEach((at, value) -> points.add(new Point(at, value)));
        return points;
    }
}
