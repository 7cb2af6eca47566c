package com.ctec.consumer.agent;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Prometheus alert rules shipped in monitoring/prometheus: every metric they and their unit
 * tests name is one a live agent serves, and promtool accepts the rules and passes their tests.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("..", "monitoring", "prometheus", "ctec-consumer-alerts.yml");
    private static final Path TESTS = Path.of("..", "monitoring", "prometheus", "ctec-consumer-alerts.test.yml");
    private static final Pattern METRIC = Pattern.compile("ctec_consumer_[a-z_]+");

    @Test
    void everyMetricTheRulesAndTheirTestsNameIsServedByTheAgent() throws Exception {
        Set<String> named = new TreeSet<>();
        named.addAll(metricsIn(RULES));
        named.addAll(metricsIn(TESTS));
        assertThat(named).contains("ctec_consumer_connection_up", "ctec_consumer_failed_total", "ctec_consumer_backlog");

        assertThat(servedNames()).containsAll(named);
    }

    @Test
    void promtoolChecksTheRulesAndPassesTheirUnitTests() throws Exception {
        assumeTrue(promtoolInstalled(), "promtool is not installed (Debian: apt-get install prometheus; bin/test installs it as root): "
                + "the alert rules were not checked");
        assertThat(promtool("check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 6 rules found");
        assertThat(promtool("test", "rules", TESTS.getFileName().toString())).contains("SUCCESS");
    }

    /** The names a live /metrics serves, from a consumer that did some work (so every meter has a sample). */
    private static Set<String> servedNames() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Broker broker = new Broker()) {
            String queue = broker.queue("alert-names");
            broker.publishNumbered(queue, 10);
            try (Consumer consumer = Consumers.builder(queue, "alert-names").metricsPort(port).maxAttempts(1).build()) {
                consumer.registerWorker(m -> m.bodyAsString().equals("3") ? null : ConsumeResult.SUCCESS);
                consumer.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().delivered() == 10 && consumer.stats().inFlight() == 0);
                String scrape = Http.get("http://127.0.0.1:" + port + "/metrics").body();
                Set<String> names = new TreeSet<>();
                for (String line : scrape.split("\n")) {
                    Matcher m = METRIC.matcher(line);
                    if (!line.startsWith("#") && m.lookingAt()) {
                        names.add(m.group());
                    }
                }
                return names;
            }
        }
    }

    private static Set<String> metricsIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static boolean promtoolInstalled() {
        try {
            return new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs promtool in the rules' folder; returns its output, asserting exit 0. */
    private static String promtool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("promtool"));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
