package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryPaths;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Measures the process minute by minute: CPU (percent of the whole machine, averaged over the
 * minute), memory held (percent of physical memory: resident set from /proc/self/status, else
 * committed heap and non-heap), heap used and live threads (at the minute's end); keeps the last
 * {@value #MINUTES} minutes of each. {@link #record} is called at every agent interval and at every
 * minute's start: the minute in progress holds its value so far, and is final once the next begins.
 * Called on the agent thread only; the series are read there too.
 */
final class Sampler {
    /** Two hours: the entry shows one, and a closed hour stays at hand until its history node is written. */
    static final int MINUTES = 120;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Duration interval;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memoryBean = ManagementFactory.getMemoryMXBean();
    private final int processors = Runtime.getRuntime().availableProcessors();
    private final MinuteSeries cpu = new MinuteSeries(MINUTES);
    private final MinuteSeries memory = new MinuteSeries(MINUTES);
    private final MinuteSeries heapUsed = new MinuteSeries(MINUTES);
    private final MinuteSeries threadCounts = new MinuteSeries(MINUTES);
    private long minute;
    private long cpuNanosAtMinuteStart;
    private long wallAtMinuteStart;

    Sampler(Duration interval, long now) {
        this.interval = interval;
        this.minute = RegistryPaths.minuteOf(now);
        this.cpuNanosAtMinuteStart = os.getProcessCpuTime();
        this.wallAtMinuteStart = now;
        // A point in every series for the minute it starts in, though no time has passed yet: API.md
        // promises one point per minute in each series, and the counts have one for this minute too.
        record(now);
    }

    /** Measures at {@code now} (epoch ms) into the minute in progress, first closing the previous one if {@code now} is past it. */
    void record(long now) {
        long cpuNanos = os.getProcessCpuTime();
        long current = RegistryPaths.minuteOf(now);
        if (current > minute) { // Never backwards: a clock set back keeps counting into the newest minute.
            cpu.set(minute, cpuPercent(cpuNanos, now));
            minute = current;
            cpuNanosAtMinuteStart = cpuNanos;
            wallAtMinuteStart = now;
        }
        // A minute just begun gets its point at once (0: no time has passed in it); a clock set back writes none.
        if (now >= wallAtMinuteStart) {
            cpu.set(minute, cpuPercent(cpuNanos, now));
        }
        memory.set(minute, memoryPercent());
        heapUsed.set(minute, memoryBean.getHeapMemoryUsage().getUsed());
        threadCounts.set(minute, threadCount());
    }

    Duration interval() {
        return interval;
    }

    MinuteSeries cpu() {
        return cpu;
    }

    MinuteSeries memory() {
        return memory;
    }

    MinuteSeries heapUsed() {
        return heapUsed;
    }

    MinuteSeries threadCounts() {
        return threadCounts;
    }

    private double cpuPercent(long cpuNanos, long now) {
        long wallNanos = (now - wallAtMinuteStart) * 1_000_000;
        if (cpuNanos < 0 || wallNanos <= 0) {
            return 0; // Not supported here, or no time passed.
        }
        return Math.min(100, round2(100.0 * (cpuNanos - cpuNanosAtMinuteStart) / wallNanos / processors));
    }

    static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    double memoryPercent() {
        long total = os.getTotalMemorySize();
        long held = residentBytes().orElseGet(() -> memoryBean.getHeapMemoryUsage().getCommitted()
                + memoryBean.getNonHeapMemoryUsage().getCommitted());
        return total <= 0 ? 0 : round2(100.0 * held / total);
    }

    /** The resident set size (VmRSS) on Linux; empty elsewhere. */
    static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: the caller falls back to the JVM's own figures.
        }
        return OptionalLong.empty();
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
