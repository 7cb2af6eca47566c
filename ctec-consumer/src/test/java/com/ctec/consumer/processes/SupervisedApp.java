package com.ctec.consumer.processes;

import com.ctec.consumer.testing.Broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A {@link ProcessesApp} supervisor JVM launched by a test, with its output file and the messages its children handled. */
final class SupervisedApp implements AutoCloseable {
    /** One line of a child's record: message id, child index, child pid. */
    record Handled(int id, int child, long pid) {
    }

    private final Process process;
    private final Path dir;

    private SupervisedApp(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Starts the supervisor; with {@code ownGroup} it leads a new process group (setsid), as a job of a shell would. */
    static SupervisedApp start(Path dir, String queue, int processes, String behaviour, long millis, boolean ownGroup) {
        List<String> command = new ArrayList<>();
        if (ownGroup) {
            command.add("setsid");
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ProcessesApp.class.getName(),
                queue, Integer.toString(processes), behaviour, dir.toString(), Long.toString(millis), Broker.URL));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisor.log").toFile());
        builder.environment().remove("CTEC_CONSUMER_CHILD");
        try {
            return new SupervisedApp(builder.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The live child JVMs. */
    Set<Long> childPids() {
        return process.toHandle().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Everything the supervisor printed, its children's lines included. */
    String output() {
        try {
            return Files.readString(dir.resolve("supervisor.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count(String text) {
        return output().lines().filter(l -> l.contains(text)).count();
    }

    /** Every complete line written by every child so far. */
    List<Handled> handled() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Handled> all = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("handled-")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // A line still being written has no newline yet.
                text.substring(0, text.lastIndexOf('\n') + 1).lines().map(l -> l.split(" "))
                        .forEach(f -> all.add(new Handled(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]))));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<Integer> handledIds() {
        return handled().stream().map(Handled::id).collect(Collectors.toSet());
    }

    /** Sends SIGTERM to the supervisor only (Process.destroy is SIGTERM on Linux). */
    void terminate() {
        process.destroy();
    }

    /** {@code kill -TERM -- -<pgid>}: the supervisor and its children get the signal at the same time. */
    void terminateGroup() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -TERM -- -" + pid() + " failed with " + kill.exitValue());
        }
    }

    /** Waits for the supervisor to exit; returns its exit code, or -1 if it is still running after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** Leaves nothing behind when a test failed half-way: the children first, then the supervisor. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        // Gone before the next test starts: it may count the JVM's children or the queue's consumers.
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + handle.pid() + " did not exit after SIGKILL", e);
            }
        }
    }
}
