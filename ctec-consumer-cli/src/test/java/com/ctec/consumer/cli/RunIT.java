package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code run} with a config file of two consumers, in the real jar against the real broker. */
class RunIT extends RealBrokerTest {
    private static final int COUNT = 1500;

    @TempDir
    Path dir;

    @Test
    void configFileRunHandlesEveryMessageOnceAndDrainsOnSigterm() throws Exception {
        String first = broker.queue("cli-run-first");
        String second = broker.queue("cli-run-second");
        for (String queue : List.of(first, second)) {
            Cli.Result published = Cli.run("publish", "--queue", queue, "--count", Integer.toString(COUNT), "--body", "m-{n}", "--persistent");
            assertThat(published.exitCode()).as(published.toString()).isZero();
        }
        Path config = dir.resolve("consumers.yaml");
        Files.writeString(config, """
                url: %s
                classpath: %s
                agent: false
                consumers:
                  - name: first
                    queue: %s
                    worker: com.ctec.consumer.cli.RecordingWorker
                    threads: 8
                  - name: second
                    queue: %s
                    worker: com.ctec.consumer.cli.RecordingWorker
                    mode: VIRTUAL_THREADS
                    prefetch: 100
                """.formatted(Broker.URL, Cli.TEST_CLASSES.toAbsolutePath(), first, second));
        Path record = dir.resolve("handled.txt");

        // The environment overrides the file: CTEC_FIRST__THREADS for one consumer.
        Cli.Running run = Cli.start(Map.of("CTEC_TEST_RECORD", record.toString(), "CTEC_FIRST__THREADS", "2"),
                "run", "--config", config.toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(record) && Files.readAllLines(record).size() > COUNT / 4);
        run.process().destroy(); // SIGTERM
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(run.process().exitValue()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("SIGTERM received: stopping gracefully")
                .contains("Consuming from queue '" + first + "' on 127.0.0.1:5672 (prefetch 30, 2 threads)");
        List<String> handled = Files.readAllLines(record, StandardCharsets.UTF_8);
        for (String queue : List.of(first, second)) {
            List<String> handledHere = handled.stream().filter(l -> l.startsWith(queue + " "))
                    .map(l -> l.substring(queue.length() + 1)).toList();
            List<String> left = new ArrayList<>();
            for (GetResponse response : broker.drain(queue)) {
                left.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(new HashSet<>(handledHere)).as("handled twice in " + queue).hasSize(handledHere.size());
            Set<String> all = new HashSet<>(handledHere);
            all.addAll(left);
            assertThat(handledHere.size() + left.size()).as("handled + left in " + queue).isEqualTo(COUNT);
            assertThat(all).as("nothing lost in " + queue).isEqualTo(expectedBodies());
        }
    }

    private static Set<String> expectedBodies() {
        return IntStream.rangeClosed(1, COUNT).mapToObj(n -> "m-" + n).collect(Collectors.toSet());
    }
}
