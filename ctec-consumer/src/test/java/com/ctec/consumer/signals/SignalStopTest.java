package com.ctec.consumer.signals;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

/** SIGTERM and SIGINT stop a real consumer process gracefully: exit 0, nothing lost, nothing acked twice. */
class SignalStopTest {
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDrainsInFlightWorkThenTheProcessExitsZero(String signal) throws Exception {
        // A child inherits ignored signals, and the JVM cannot handle a signal ignored at its start:
        // Maven started in the background of a non-interactive shell ignores SIGINT.
        assumeFalse(ignoredHere(signal), "SIG" + signal + " is ignored by this JVM (and so by its children): run the tests in the foreground");
        try (Broker broker = new Broker()) {
            String queue = broker.queue("signal-" + signal);
            broker.publishNumbered(queue, 200);
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    SlowConsumerApp.class.getName(), Broker.URL, queue).redirectErrorStream(true).start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    lines.add("reader failed: " + e);
                }
            });
            await().atMost(java.time.Duration.ofSeconds(90)).until(() -> count(lines, "handled ") >= 8);

            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();

            assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("exited in time").isTrue();
            reader.join(5_000);
            assertThat(child.exitValue()).as("exit code; output:\n%s", String.join("\n", lines)).isZero();
            assertThat(lines).contains("run returned");
            List<String> handled = lines.stream().filter(l -> l.startsWith("handled ")).toList();
            long started = count(lines, "started ");
            assertThat(handled).doesNotHaveDuplicates();
            assertThat((long) handled.size()).as("every started worker finished").isEqualTo(started);
            assertThat(handled.size() + broker.messageCount(queue)).as("nothing lost, nothing acked twice").isEqualTo(200);
        }
    }

    /** Whether this process ignores the signal (Linux: the SigIgn mask of /proc/self/status); false where that cannot be read. */
    static boolean ignoredHere(String signal) {
        int number = signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : 0;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                    return number > 0 && (mask & (1L << (number - 1))) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static long count(List<String> lines, String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }
}
