package com.ctec.consumer.agent;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.agent.registry.RegistryPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interop: a Python reader that knows only the documented layout (scripts/registry-read.py, kazoo)
 * finds what the agent wrote, the entry and a closed hour of history. Skipped without Debian's
 * python3-kazoo.
 */
class PythonReaderTest extends RegistryFixture {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "scripts", "registry-read.py");

    @Test
    void theKazooReaderFindsTheEntryItsSeriesAndItsHistoryByTheDocumentedLayout() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run("-c", "import kazoo").exitCode == 0,
                "no kazoo for /usr/bin/python3 (apt-get install python3-kazoo): interop check skipped");
        String queue = broker.queue("python");
        try (Consumer consumer = Consumers.builder(queue, "py-app").zookeeper(zk.connectString()).maxAttempts(1).build()) {
            consumer.registerWorker(m -> {
                throw new IllegalStateException("no table\nfor " + m.bodyAsString());
            });
            consumer.start();
            broker.publish(queue, "order 7");
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("py-app")
                    .map(e -> !e.queues().isEmpty() && e.queues().get(0).lastFailure() != null).orElse(false));
            long hour = RegistryPaths.hourOf(System.currentTimeMillis());
            String hours = "/ctec-consumer-history/py-app/" + zk.entry("py-app").orElseThrow().instanceId();
            offset.addAndGet(RegistryPaths.HOUR_MS);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.client().checkExists().forPath(hours + "/" + hour) != null);

            Result read = run(SCRIPT.toString(), zk.connectString());

            assertThat(read.exitCode).as(read.output).isZero();
            assertThat(read.output).contains("py-app " + zk.entry("py-app").orElseThrow().instanceId() + " RUNNING")
                    .contains("1 hours of history")
                    .contains("last failure of " + queue)
                    .contains("java.lang.IllegalStateException: no table for order 7");
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(concat(PYTHON.toString(), args)).redirectErrorStream(true).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(ended ? process.exitValue() : -1, output);
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
