package com.ctec.bench.report;

import java.util.ArrayList;
import java.util.List;

/** What one scenario reports: a table, notes on how it was measured, bars for the chart, and its targets. */
public final class Section {
    /** One bar of the chart: the median with its min-max whisker. */
    public record Bar(String label, double median, double min, double max) {
    }

    private final String title;
    private final String method;
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private String barUnit = "msg/s";

    public Section(String title, String method) {
        this.title = title;
        this.method = method;
    }

    public Section table(Table table) {
        tables.add(table);
        return this;
    }

    public Section note(String note) {
        notes.add(note);
        return this;
    }

    public Section bar(String label, double median, double min, double max) {
        if (!Double.isNaN(median)) {
            bars.add(new Bar(label, median, min, max));
        }
        return this;
    }

    public Section barUnit(String unit) {
        this.barUnit = unit;
        return this;
    }

    public Section target(Target target) {
        targets.add(target);
        return this;
    }

    public String title() {
        return title;
    }

    public String method() {
        return method;
    }

    public List<Table> tables() {
        return tables;
    }

    public List<String> notes() {
        return notes;
    }

    public List<Bar> bars() {
        return bars;
    }

    public String barUnit() {
        return barUnit;
    }

    public List<Target> targets() {
        return targets;
    }
}
