package com.ctec.consumer.agent;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent's meters in an application's own registry: the names and values of {@code /metrics}. */
class AgentMeterBinderTest {
    private final Broker broker = new Broker();

    @AfterEach
    void deleteQueues() {
        broker.close();
    }

    @Test
    void aBoundRegistryShowsTheSameSeriesAsTheMetricsPortEvenForAConsumerStartedBefore() throws Exception {
        String queue = broker.queue("binder");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PrometheusMeterRegistry application = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Consumer consumer = Consumers.builder(queue, "binder-app").metricsPort(port).build();
        consumer.registerWorker(m -> m.bodyAsString().startsWith("1") ? ConsumeResult.REJECT : ConsumeResult.SUCCESS);
        consumer.start();
        try (consumer; AgentMeterBinder binder = new AgentMeterBinder()) {
            binder.bindTo(application);
            broker.publishNumbered(queue, 30);
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().delivered() == 30 && consumer.stats().inFlight() == 0);
            Map<String, String> labels = Map.of("app", "binder-app", "queue", queue);
            String served = Http.get("http://127.0.0.1:" + port + "/metrics").body();
            String bound = application.scrape();

            assertThat(names(bound)).isEqualTo(names(served)).contains("ctec_consumer_delivered_total",
                    "ctec_consumer_handler_seconds_bucket", "ctec_consumer_connection_up");
            for (String name : names(served)) {
                if (!name.startsWith("ctec_consumer_handler_seconds_")) {   // timings: same count, not the same clock reading
                    assertThat(Http.sample(bound, name, labels)).as(name).isEqualTo(Http.sample(served, name, labels));
                }
            }
            assertThat(Http.sample(bound, "ctec_consumer_rejected_total", labels)).isEqualTo(11.0);   // 1, 10..19
            assertThat(Http.sample(bound, "ctec_consumer_handler_seconds_count", labels)).isEqualTo(30.0);

            binder.close();
            broker.publishNumbered(queue, 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().delivered() == 35);
            assertThat(Http.sample(application.scrape(), "ctec_consumer_delivered_total", labels))
                    .as("an unbound registry is no longer fed").isEqualTo(30.0);
        }
    }

    @Test
    void aConsumerStartedAgainWithTheSameLabelsIsNotHeldDownByItsStoppedPredecessor() {
        String queue = broker.queue("binder-restart");
        PrometheusMeterRegistry application = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, String> labels = Map.of("app", "binder-restart", "queue", queue);
        try (AgentMeterBinder binder = new AgentMeterBinder()) {
            binder.bindTo(application);
            Consumers.started(Consumers.builder(queue, "binder-restart")).close();
            assertThat(Http.sample(application.scrape(), "ctec_consumer_connection_up", labels)).isZero();

            try (Consumer again = Consumers.started(Consumers.builder(queue, "binder-restart"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> again.info().connectedBroker().isPresent());
                assertThat(Http.sample(application.scrape(), "ctec_consumer_connection_up", labels)).isEqualTo(1.0);
            }
        }
    }

    private static Set<String> names(String prometheusText) {
        return Arrays.stream(prometheusText.split("\n")).filter(l -> l.startsWith("ctec_consumer_"))
                .map(l -> l.replaceAll("[{ ].*", "")).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
