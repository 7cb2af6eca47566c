package com.ctec.consumer.spring;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a Boot service with consumers: the core's signal handling drains them while the
 * context still runs, then the JVM's shutdown hook (Spring's) closes the context; nothing is lost
 * or handled twice, and the JVM exits as after any SIGTERM (143).
 */
class SigtermTest {
    @Test
    void sigtermDrainsTheConsumersFirstThenSpringClosesTheContext() throws Exception {
        assumeFalse(sigtermIgnoredHere(), "SIGTERM is ignored by this JVM (and so by its children)");
        try (Broker broker = new Broker()) {
            String queue = broker.queue("boot-sigterm");
            broker.publishNumbered(queue, 100);
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SigtermApp.class.getName(),
                    Broker.URL, queue).redirectErrorStream(true).start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (Exception e) {
                    lines.add("reader failed: " + e);
                }
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> count(lines, "handled ") >= 8);

                new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor();

                assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exited in time").isTrue();
            } finally {
                child.destroyForcibly();
            }
            reader.join(5_000);
            String output = String.join("\n", lines);
            assertThat(child.exitValue()).as("exit code; output:\n%s", output).isEqualTo(143);
            List<String> handled = lines.stream().filter(l -> l.startsWith("handled ")).toList();
            assertThat(handled).doesNotHaveDuplicates();
            assertThat((long) handled.size()).as("every started worker finished").isEqualTo(count(lines, "started "));
            assertThat(handled.size() + broker.messageCount(queue)).as("nothing lost, nothing acked twice").isEqualTo(100);
            assertThat(indexOf(lines, "SIGTERM received: stopping gracefully")).as("the signal reached the consumers; output:\n%s", output)
                    .isNotNegative();
            // Had Spring's hook driven the stop, its ContextClosedEvent (published before the lifecycle stops) would come
            // before the last calls in flight finished; the signal handling drains them first.
            int lastHandled = lines.indexOf(handled.get(handled.size() - 1));
            assertThat(indexOf(lines, "context closing")).as("Spring closed the context after the drain; output:\n%s", output)
                    .isGreaterThan(lastHandled);
        }
    }

    private static boolean sigtermIgnoredHere() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseUnsignedLong(l.substring(7).trim(), 16) & (1L << 14)) != 0);
    }

    private static int indexOf(List<String> lines, String part) {
        synchronized (lines) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(part)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static long count(List<String> lines, String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }
}
