package com.ctec.consumer.agent;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.RealBrokerTest;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetricsEndpointTest extends RealBrokerTest {
    private final int port = Http.freePort();

    @Test
    void metricsCountTheMessagesOfTheQueueInPrometheusText() {
        String queue = broker.queue("metrics");
        broker.publishNumbered(queue, 40);
        Consumer consumer = Consumers.builder(queue, "metrics-app").metricsPort(port).build();
        consumer.registerWorker(m -> Integer.parseInt(m.bodyAsString()) < 30 ? ConsumeResult.SUCCESS : ConsumeResult.REJECT);
        consumer.start();
        try (consumer) {
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().deadLettered() == 10);
            Map<String, String> labels = Map.of("app", "metrics-app", "queue", queue);

            Http.Response scrape = Http.get(url("/metrics"));

            assertThat(scrape.status()).isEqualTo(200);
            String text = scrape.body();
            assertThat(Http.sample(text, "ctec_consumer_acked_total", labels)).isEqualTo(30.0);
            assertThat(Http.sample(text, "ctec_consumer_delivered_total", labels)).isEqualTo(40.0);
            assertThat(Http.sample(text, "ctec_consumer_rejected_total", labels)).isEqualTo(10.0);
            assertThat(Http.sample(text, "ctec_consumer_dead_lettered_total", labels)).isEqualTo(10.0);
            assertThat(Http.sample(text, "ctec_consumer_redelivered_total", labels)).isZero();
            assertThat(Http.sample(text, "ctec_consumer_handler_seconds_count", labels)).isEqualTo(40.0);
            assertThat(Http.sample(text, "ctec_consumer_handler_seconds_bucket", Map.of("queue", queue, "le", "+Inf"))).isEqualTo(40.0);
            assertThat(Http.sample(text, "ctec_consumer_in_flight", labels)).isZero();
            assertThat(Http.sample(text, "ctec_consumer_connection_up", labels)).isEqualTo(1.0);
            assertThat(Http.sample(text, "ctec_consumer_failed_total", labels)).isZero();
            assertThat(Http.sample(text, "ctec_consumer_backlog", labels)).isZero();
            assertThat(Http.sample(text, "ctec_consumer_last_failure_time_seconds", labels)).isZero();
        }
        assertThat(Http.get(url("/metrics")).status()).as("the port is closed with the last consumer").isEqualTo(-1);
    }

    @Test
    void failuresTheirLastTimeAndTheBacklogAreOnTheMetrics() {
        String queue = broker.queue("metrics-failing");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Consumer consumer = Consumers.builder(queue, "failing-metrics").metricsPort(port).maxAttempts(3).prefetch(1)
                .threads(1).build();
        consumer.registerWorker(m -> switch (m.bodyAsString()) {
            case "poison" -> throw new IllegalArgumentException("poison");
            case "hold" -> {
                release.await();
                yield ConsumeResult.SUCCESS;
            }
            default -> ConsumeResult.SUCCESS;
        });
        consumer.start();
        try {
            long before = System.currentTimeMillis() / 1000;
            broker.publish(queue, "poison");
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().deadLettered() == 1);
            broker.publish(queue, "hold");
            broker.publishNumbered(queue, 3);
            Map<String, String> labels = Map.of("app", "failing-metrics", "queue", queue);

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Http.sample(Http.get(url("/metrics")).body(), "ctec_consumer_backlog", labels) == 3.0);
            String text = Http.get(url("/metrics")).body();
            assertThat(Http.sample(text, "ctec_consumer_failed_total", labels)).isEqualTo(3.0);
            assertThat(Http.sample(text, "ctec_consumer_dead_lettered_total", labels)).isEqualTo(1.0);
            assertThat(Http.sample(text, "ctec_consumer_last_failure_time_seconds", labels))
                    .isBetween((double) before - 1, System.currentTimeMillis() / 1000.0 + 1);
        } finally {
            release.countDown(); // before close(): a worker still held would make close() wait its 30 s shutdown timeout
            consumer.close();
        }
    }

    @Test
    void healthIs200WhileRunningAnd503WhileTheBrokerConnectionIsDownThen200Again() throws Exception {
        String queue = broker.queue("health");
        String user = "ctec-test-" + UUID.randomUUID().toString().substring(0, 8);
        Http.createUser(user, "pw");
        try (TestZooKeeper zk = new TestZooKeeper();
             Consumer ignored = Consumers.started(Consumers.builder("amqp://" + user + ":pw@127.0.0.1:5672/", queue, "health-app")
                     .metricsPort(port).zookeeper(zk.connectString()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);
            assertThat(Http.get(url("/health")).body()).contains("\"status\":\"UP\"", "\"state\":\"RUNNING\"");

            // Without permissions the consumer cannot reconnect, so it stays RECOVERING long enough to be seen.
            Http.revoke(user);
            await().atMost(Duration.ofSeconds(20)).until(() -> Http.closeConnection("ctec-consumer " + queue)
                    || Http.get(url("/health")).status() == 503);

            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 503);
            assertThat(Http.get(url("/health")).body()).contains("\"status\":\"DOWN\"", "\"state\":\"RECOVERING\"");
            assertThat(Http.sample(Http.get(url("/metrics")).body(), "ctec_consumer_connection_up", Map.of("queue", queue))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.entry("health-app").map(e -> e.state().equals("RECOVERING")).orElse(false));

            Http.grant(user);
            await().atMost(Duration.ofSeconds(40)).until(() -> Http.get(url("/health")).status() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.entry("health-app").map(e -> e.state().equals("RUNNING")).orElse(false));
        } finally {
            Http.deleteUser(user);
        }
    }

    @Test
    void healthIs503OnceOneOfTheConsumersOfThePortHasStopped() {
        String first = broker.queue("health-a");
        String second = broker.queue("health-b");
        try (Consumer a = Consumers.started(Consumers.builder(first, "pair").metricsPort(port));
             Consumer b = Consumers.started(Consumers.builder(second, "pair").metricsPort(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);

            a.close();

            Http.Response health = Http.get(url("/health"));
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).contains("\"queue\":\"" + first + "\",\"state\":\"STOPPED\"")
                    .contains("\"queue\":\"" + second + "\",\"state\":\"RUNNING\"");
        }
    }

    @Test
    void aPortInUseCostsOneWarningAndTheConsumerRunsWithoutIt() throws Exception {
        String queue = broker.queue("busy-port");
        broker.publishNumbered(queue, 10);
        try (ServerSocket busy = new ServerSocket(port); CapturedLog log = new CapturedLog();
             Consumer consumer = Consumers.started(Consumers.builder(queue, "busy").metricsPort(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().succeeded() == 10);
            assertThat(log.lines("metricsPort " + port + " could not be opened")).hasSize(1);
        }
    }

    @Test
    void withNoZooKeeperAndNoPortTheAgentStartsNoThreadAndLogsNothing() {
        String queue = broker.queue("quiet");
        broker.publishNumbered(queue, 10);
        Set<Thread> before = agentThreads();
        try (CapturedLog log = new CapturedLog();
             Consumer consumer = Consumers.started(Consumers.builder(queue, "quiet").zookeeper(null).metricsPort(0))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().succeeded() == 10);

            assertThat(agentThreads()).as("agent threads started by this test").isSubsetOf(before);
            assertThat(log.lines("ctec.consumer.agent")).isEmpty();
        }
    }

    /**
     * The threads this consumer's agent would start: its sampler ({@code ctec-agent}) and the HTTP
     * server's (ctec-metrics-*). Curator and ZooKeeper client threads are left out: earlier tests' agents close
     * asynchronously and may still start some while this test runs.
     */
    private static Set<Thread> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> {
            String name = t.getName();
            return name.equals("ctec-agent") || name.startsWith("ctec-metrics");
        }).collect(Collectors.toSet());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
