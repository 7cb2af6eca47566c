package com.ctec.consumer.signals;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGTERM reaches an application that embeds a consumer with start(): the consumer drains, then the JVM ends. */
class EmbeddedSignalTest {
    /**
     * The signal must come while the application's main thread waits in close(): a worker holds
     * the message "hold" until close() has begun (state STOPPING), and lets go only once the
     * consumer logged that it took the signal. Earlier the test signalled after the first handled
     * message and the application was, by luck of timing, already in close(); once messages were
     * handed over faster the signal came before close() (2 of 5 CI runs: exit 143).
     */
    @Test
    void sigtermToAnApplicationWaitingInCloseLetsItsOwnCodeEndTheProgram() throws Exception {
        try (Broker broker = new Broker()) {
            String queue = broker.queue("signal-embedded-close");
            broker.publish(queue, "hold");
            java.nio.file.Path release = java.nio.file.Files.createTempDirectory("ctec-signal").resolve("release");
            Process child = start(queue, "waits-in-close", release.toString());
            List<String> lines = output(child);
            try {
                await().atMost(java.time.Duration.ofSeconds(90)).until(() -> lines.contains("close is waiting"));

                new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor();
                await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> lines.stream().anyMatch(line -> line.contains("SIGTERM received while stopping")));
                java.nio.file.Files.createFile(release);

                assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("the process ended; output:\n%s", lines).isTrue();
                assertThat(child.exitValue()).as("the application's own exit code; output:\n%s", lines).isZero();
                assertThat(lines).contains("handled hold", "close returned");
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /**
     * With {@code -Xrs} the JVM lets nobody take SIGTERM, so the engine falls back to a shutdown hook
     * (StopSignals): an application that exits while its worker is inside a message still gets the
     * message finished and acknowledged first, and the exit is not held for ever.
     */
    @Test
    void withoutSignalsTheShutdownHookDrainsTheConsumerBeforeTheJvmEnds() throws Exception {
        try (Broker broker = new Broker()) {
            String queue = broker.queue("signal-embedded-xrs");
            broker.publish(queue, "slow");
            Process child = start(List.of("-Xrs"), queue, "exits-while-working");
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = readInto(child, lines);
            try {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the process ended; output:\n%s", lines).isTrue();
                reader.join(5_000);
                assertThat(lines).as("output").contains("handling slow", "handled slow");
                assertThat(child.exitValue()).as("the application's exit code").isZero();
                assertThat(broker.messageCount(queue)).as("acknowledged before the JVM ended, not requeued").isZero();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static Process start(String queue, String... extra) throws java.io.IOException {
        return start(List.of(), queue, extra);
    }

    private static Process start(List<String> jvmOptions, String queue, String... extra) throws java.io.IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedConsumerApp.class.getName(), Broker.URL, queue));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static List<String> output(Process child) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        readInto(child, lines);
        return lines;
    }

    /** Reads the child's output into {@code lines} until it ends; join the thread to have all of it. */
    private static Thread readInto(Process child, List<String> lines) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                lines.add("reader failed: " + e);
            }
        });
    }

    @Test
    void sigtermStopsTheEmbeddedConsumerThenTheJvmsOwnHandlingEndsTheProcess() throws Exception {
        try (Broker broker = new Broker()) {
            String queue = broker.queue("signal-embedded");
            broker.publish(queue, "one");
            Process child = start(queue);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = readInto(child, lines);
            try {
                await().atMost(java.time.Duration.ofSeconds(90)).until(() -> lines.contains("handled one"));

                new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor();

                assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("the process ended; output:\n%s", lines).isTrue();
                reader.join(5_000);
                assertThat(lines).as("the consumer had stopped when the hook ran").contains("shutdown hook ran, consumer STOPPED");
                assertThat(child.exitValue()).as("the JVM's exit code for SIGTERM").isEqualTo(143);
                assertThat(broker.messageCount(queue)).isZero();
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
