package com.ctec.consumer.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The consumer under test as a real program ({@link ReliabilityApp}, or another main) in its own
 * JVM: THREADS for the kill scenarios, PROCESSES (a supervisor and its children) for the mode
 * matrix. A poller reads the handled-*.txt files every 100 ms and hands each line, split at
 * spaces, to a {@link LineSink} (for ReliabilityApp: each id to the checker).
 */
final class ProcessSubject implements Subject {
    /** Takes one complete line of a handled-*.txt file, split at spaces. */
    @FunctionalInterface
    interface LineSink {
        void line(String[] parts);
    }

    private final Setup setup;
    private final LineSink sink;
    private final Class<?> main;
    private final List<String> extraArgs;
    private final Path dir;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, String> partial = new HashMap<>();
    private Process process;
    private Thread poller;
    private volatile boolean polling;

    ProcessSubject(Setup setup, Checker checker, Path dir) {
        this(setup, dir, ReliabilityApp.class, List.of(), parts -> {
            if (parts.length == 2) {
                checker.handled(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        });
    }

    /** Runs {@code main} with the output directory, {@link Setup#args()} and {@code extraArgs}. */
    ProcessSubject(Setup setup, Path dir, Class<?> main, List<String> extraArgs, LineSink sink) {
        this.setup = setup;
        this.dir = dir;
        this.main = main;
        this.extraArgs = List.copyOf(extraArgs);
        this.sink = sink;
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(dir);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    main.getName(), dir.toString()));
            command.addAll(setup.args());
            command.addAll(extraArgs);
            Path output = dir.resolve("output.log");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + main.getSimpleName(), e);
        }
        polling = true;
        if (poller == null || !poller.isAlive()) {
            poller = Thread.ofPlatform().daemon(true).name("handled-poller").start(this::pollLoop);
        }
    }

    Process process() {
        return process;
    }

    /** Sends a signal (TERM, INT, KILL) to the program's JVM. */
    void signal(String signal) {
        Nodes.run(10, "kill", "-" + signal, Long.toString(process.pid()));
    }

    /** Waits for the program to exit; its exit code, or -1 if it is still running. */
    int awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            poll();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            signal("TERM");
            if (awaitExit(90) < 0) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        polling = false;
        if (poller != null) {
            try {
                // Gone before the next start(), which then starts a poller of its own.
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        poll();
    }

    private void pollLoop() {
        while (polling) {
            poll();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the complete lines added to every handled-*.txt since the last call. */
    synchronized void poll() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("handled-")).toList()) {
                long offset = offsets.getOrDefault(file, 0L);
                try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                    long length = in.length();
                    if (length <= offset) {
                        continue;
                    }
                    byte[] bytes = new byte[(int) (length - offset)];
                    in.seek(offset);
                    in.readFully(bytes);
                    offsets.put(file, length);
                    String text = partial.getOrDefault(file, "") + new String(bytes, StandardCharsets.UTF_8);
                    int end = text.lastIndexOf('\n');
                    partial.put(file, text.substring(end + 1));
                    for (String line : text.substring(0, end + 1).split("\n")) {
                        sink.line(line.split(" "));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + dir, e);
        }
    }

    @Override
    public String diagnostics() {
        StringBuilder text = new StringBuilder();
        if (process != null) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(process.toHandle());
            process.descendants().forEach(all::add);
            String jstack = Path.of(System.getProperty("java.home"), "bin", "jstack").toString();
            for (ProcessHandle handle : all) {
                if (handle.isAlive()) {
                    try {
                        text.append("--- jstack ").append(handle.pid()).append(" ---\n").append(Nodes.run(30, jstack, Long.toString(handle.pid())));
                    } catch (RuntimeException e) {
                        text.append("jstack ").append(handle.pid()).append(" failed: ").append(e.getMessage()).append('\n');
                    }
                }
            }
        }
        return text + "--- program output (last 80 lines) ---\n" + InJvmSubject.tail(log(), 80);
    }

    @Override
    public String log() {
        try {
            Path output = dir.resolve("output.log");
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read the output: " + e + ")";
        }
    }
}
