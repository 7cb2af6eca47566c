package com.ctec.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the CPU of a round went: this JVM (contender and harness), the broker's Erlang VM (same
 * machine, found by the socket it listens on), and this JVM's context switches. On two shared cores the
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

    /** {@code brokerPort}: the AMQP port of the broker whose CPU is wanted. */
    public static Reading read(int brokerPort) {
        return new Reading(jvmCpu(), brokerCpu(brokerPort), contextSwitches());
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The broker is the Erlang VM that listens on the AMQP port: other beam.smp processes run here
     * too (rabbitmqctl, other engineers' test brokers). Looked up at every reading, since a broker
     * may be restarted between two rounds.
     */
    private static Optional<Path> brokerStat(int port) {
        Set<String> sockets = listeningSockets(port);
        if (sockets.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .filter(p -> ownsAny(p.pid(), sockets))
                .findFirst().map(p -> Path.of("/proc", String.valueOf(p.pid()), "stat"));
    }

    /** The socket inodes ("socket:[n]") listening on {@code port}, from /proc/net/tcp and tcp6. */
    private static Set<String> listeningSockets(int port) {
        Set<String> sockets = new HashSet<>();
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(local) && f[3].equals("0A")) { // 0A = LISTEN
                        sockets.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // No such table (no IPv6): the other one may do.
            }
        }
        return sockets;
    }

    private static boolean ownsAny(long pid, Set<String> sockets) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // The descriptor closed meanwhile.
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static long brokerCpu(int port) {
        Optional<Path> brokerStat = brokerStat(port);
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
