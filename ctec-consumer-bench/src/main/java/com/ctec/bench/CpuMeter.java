package com.ctec.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CPU of a round went: this JVM (contender and harness), the broker's Erlang VM (same
 * machine, found by its process name), and this JVM's context switches. On two shared cores the
 * sum of client and broker CPU per message is what bounds a rate, so the report shows both.
 * Linux only (/proc); elsewhere the broker and switch figures are NaN.
 */
public final class CpuMeter {
    /** A reading; subtract two to get the cost of what happened between them. */
    public record Reading(long jvmCpuNanos, long brokerCpuNanos, long contextSwitches) {
        public Reading minus(Reading earlier) {
            return new Reading(jvmCpuNanos - earlier.jvmCpuNanos, difference(brokerCpuNanos, earlier.brokerCpuNanos),
                    difference(contextSwitches, earlier.contextSwitches));
        }

        /** -1 when either side is unknown or the counter went backwards (the broker restarted in between). */
        private static long difference(long later, long earlier) {
            return later < 0 || earlier < 0 || later < earlier ? -1 : later - earlier;
        }
    }

    /** Linux reports process times in clock ticks of 10 ms (USER_HZ 100). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuMeter() {
    }

    public static Reading read() {
        return new Reading(jvmCpu(), brokerCpu(), contextSwitches());
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Looked up at every reading: another engineer may restart the broker between two rounds. */
    private static Optional<Path> brokerStat() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .findFirst().map(p -> Path.of("/proc", String.valueOf(p.pid()), "stat"));
    }

    private static long brokerCpu() {
        Optional<Path> brokerStat = brokerStat();
        if (brokerStat.isEmpty()) {
            return -1;
        }
        try {
            String stat = Files.readString(brokerStat.get());
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK; // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Voluntary and involuntary switches of every thread of this JVM. */
    private static long contextSwitches() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.contains("ctxt_switches:")) {
                        total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }
}
