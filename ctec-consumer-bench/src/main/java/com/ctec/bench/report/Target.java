package com.ctec.bench.report;

/**
 * A goal of issue 8 and how this run did against it.
 *
 * @param goal     in words, e.g. "ctec ≥ 1.1× best Spring"
 * @param measured what was measured, e.g. "1.23× (25,100 vs 20,400 msg/s)"
 * @param met      null when it could not be measured in this run
 */
public record Target(String scenario, String goal, String measured, Boolean met) {
    public String verdict() {
        return met == null ? "not measured" : met ? "met" : "MISSED";
    }

    public static Target ratio(String scenario, String goal, double value, double reference, double atLeast, String unit) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference <= 0) {
            return new Target(scenario, goal, "n/a (a figure is missing from this run)", null);
        }
        double ratio = value / reference;
        return new Target(scenario, goal, String.format("%.2f× (%,.0f vs %,.0f %s)", ratio, value, reference, unit), ratio >= atLeast);
    }

    /** Met when {@code value ≤ atMost × reference}, e.g. a cost no more than 10 % above another's. */
    public static Target atMost(String scenario, String goal, double value, double reference, double atMost, String unit) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference <= 0) {
            return new Target(scenario, goal, "n/a (a figure is missing from this run)", null);
        }
        double ratio = value / reference;
        return new Target(scenario, goal, String.format("%.2f× (%.1f vs %.1f %s)", ratio, value, reference, unit), ratio <= atMost);
    }
}
