package com.ctec.bench;

import java.util.ArrayList;
import java.util.List;

/** The valid measurements of one trial across rounds, and the rounds refused (with why). */
public final class Samples {
    private final List<Double> values = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    public synchronized void add(double value) {
        values.add(value);
    }

    public synchronized void refuse(String why) {
        refused.add(why);
    }

    public synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    public synchronized double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public synchronized double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public synchronized double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public synchronized int count() {
        return values.size();
    }

    public synchronized List<String> refused() {
        return List.copyOf(refused);
    }
}
