package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Measures the process once per interval: CPU (percent of the whole machine), memory held
 * (percent of physical memory: resident set from /proc/self/status, else committed heap and
 * non-heap), heap used and live threads; keeps the last {@value #POINTS} points of each.
 * Called on the agent thread only (the JDK's CPU load is "since the previous call", so one caller).
 */
final class Sampler {
    /** 24 hours at the default interval of one minute. */
    static final int POINTS = 1_440;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Duration interval;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memoryBean = ManagementFactory.getMemoryMXBean();
    private final Series cpu = new Series(POINTS);
    private final Series memory = new Series(POINTS);
    private final Series heapUsed = new Series(POINTS);
    private final Series threadCounts = new Series(POINTS);
    private long intervalStart = System.currentTimeMillis();

    Sampler(Duration interval) {
        this.interval = interval;
        os.getProcessCpuLoad(); // The first reading only starts the JDK's measurement.
    }

    /** Records the interval that ends now; returns its start. */
    long sample() {
        long start = intervalStart;
        intervalStart = System.currentTimeMillis();
        double load = os.getProcessCpuLoad();
        cpu.add(start, load < 0 ? 0 : round2(load * 100));
        memory.add(start, memoryPercent());
        heapUsed.add(start, memoryBean.getHeapMemoryUsage().getUsed());
        threadCounts.add(start, threadCount());
        return start;
    }

    Duration interval() {
        return interval;
    }

    List<RegistryEntry.Point> cpu() {
        return cpu.points();
    }

    List<RegistryEntry.Point> memory() {
        return memory.points();
    }

    List<RegistryEntry.Point> heapUsed() {
        return heapUsed.points();
    }

    List<RegistryEntry.Point> threadCounts() {
        return threadCounts.points();
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
