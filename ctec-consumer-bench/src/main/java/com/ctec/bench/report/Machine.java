package com.ctec.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of where the numbers come from: cores, CPU, memory, OS, JDK, broker. */
public final class Machine {
    private Machine() {
    }

    public static String describe(String rabbitVersion) {
        return String.format("%d cores (%s), %s memory, %s %s, JDK %s (%s), RabbitMQ %s on the same machine",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                rabbitVersion);
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("CPU model unknown");
    }

    private static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format("%.0f GiB", Long.parseLong(kb.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("?");
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
