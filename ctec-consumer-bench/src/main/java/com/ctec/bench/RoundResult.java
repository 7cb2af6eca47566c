package com.ctec.bench;

/**
 * What one valid throughput round measured.
 *
 * @param rate           messages per second, first to last message handled
 * @param clientMicros   this JVM's CPU per message while the contender ran
 * @param brokerMicros   the broker's CPU per message over the same time (NaN when not visible)
 * @param switches       this JVM's context switches per message (NaN when not visible)
 */
public record RoundResult(double rate, double clientMicros, double brokerMicros, double switches) {
    public static RoundResult of(double rate, CpuMeter.Reading cost, int messages) {
        return new RoundResult(rate, cost.jvmCpuNanos() / 1e3 / messages,
                cost.brokerCpuNanos() <= 0 ? Double.NaN : cost.brokerCpuNanos() / 1e3 / messages,
                cost.contextSwitches() < 0 ? Double.NaN : cost.contextSwitches() / (double) messages);
    }
}
