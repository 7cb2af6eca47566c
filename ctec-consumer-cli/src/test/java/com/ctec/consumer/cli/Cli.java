package com.ctec.consumer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real shaded jar ({@code target/ctec-consumer.jar}, built by {@code package}) as a
 * separate process with the JVM running the tests, as a user would run it.
 */
final class Cli {
    static final Path JAR = Path.of(System.getProperty("ctec.cli.jar", "target/ctec-consumer.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("ctec.cli.testClasses", "target/test-classes"));

    private Cli() {
    }

    /** What a finished command left. */
    record Result(int exitCode, String stdout, String stderr, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /** A command running in the background, its output going to files. */
    record Running(Process process, Path stdout, Path stderr) {
        String out() throws IOException {
            return Files.readString(stdout);
        }

        String err() throws IOException {
            return Files.readString(stderr);
        }
    }

    static Result run(String... args) throws Exception {
        return run(Map.of(), Duration.ofSeconds(60), args);
    }

    static Result run(Map<String, String> env, Duration timeout, String... args) throws Exception {
        long started = System.nanoTime();
        Running running = start(env, args);
        if (!running.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            running.process().destroyForcibly();
            throw new AssertionError("ctec-consumer " + String.join(" ", args) + " did not end within " + timeout
                    + "\n" + running.out() + "\n" + running.err());
        }
        return new Result(running.process().exitValue(), running.out(), running.err(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    static Running start(Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the CLI tests run after package (mvn verify).");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("ctec-cli-", ".out");
        Path err = Files.createTempFile("ctec-cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // The tests' own CTEC_* variables (if any) must not leak into the command under test.
        builder.environment().keySet().removeIf(k -> k.startsWith("CTEC_"));
        builder.environment().putAll(env);
        return new Running(builder.start(), out, err);
    }
}
