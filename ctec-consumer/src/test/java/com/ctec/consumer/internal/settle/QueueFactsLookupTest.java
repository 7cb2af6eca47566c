package com.ctec.consumer.internal.settle;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RecordingLogger;
import com.rabbitmq.client.Connection;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which type the engine's own queues take when the management API answers only in part. A small
 * HTTP server on loopback stands in for the management API of a cluster (the broker on 5672 is one
 * node, and its API cannot be made to fail on cue); the AMQP connection is the real broker's.
 */
class QueueFactsLookupTest {
    private static final String QUEUE = "facts-lookup-test";

    private HttpServer management;
    private volatile int queueStatus;
    private volatile String queueJson;
    private volatile int nodesStatus;
    private volatile String nodesJson;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final RecordingLogger log = new RecordingLogger(logged, Level.INFO, "facts");
    private final Broker broker = new Broker();

    @BeforeEach
    void startManagement() throws IOException {
        management = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        management.createContext("/api/queues/", exchange -> answer(exchange, queueStatus, queueJson));
        management.createContext("/api/nodes", exchange -> answer(exchange, nodesStatus, nodesJson));
        management.start();
    }

    @AfterEach
    void stop() {
        management.stop(0);
        broker.close();
    }

    @Test
    void aClusterOfTwoGetsQuorumQueuesEvenWhenTheQueueItselfCannotBeRead() throws Exception {
        cluster(2);
        queueAnswers(500, "{\"error\":\"internal\"}");

        assertThat(learn().ownQueueType()).isEqualTo(OwnQueueType.QUORUM);
        assertThat(logged).anyMatch(line -> line.contains("could not be read from the management API") && line.contains("quorum"));
    }

    @Test
    void whatAnEarlierSubscribeLearnedStandsWhenTheApiStopsAnswering() throws Exception {
        QueueFactsLookup lookup = new QueueFactsLookup(settings());
        cluster(3);
        queueAnswers(200, "{\"name\":\"" + QUEUE + "\",\"type\":\"classic\",\"arguments\":{}}");
        assertThat(lookup.learn(connection()).get(10, TimeUnit.SECONDS).ownQueueType()).isEqualTo(OwnQueueType.QUORUM);

        nodesStatus = 503;
        queueAnswers(503, "{}");

        assertThat(lookup.learn(connection()).get(10, TimeUnit.SECONDS).ownQueueType())
                .as("a node restarting must not turn the next declared delay queue classic").isEqualTo(OwnQueueType.QUORUM);
    }

    @Test
    void aSingleNodeKeepsClassicQueues() throws Exception {
        cluster(1);
        queueAnswers(200, "{\"name\":\"" + QUEUE + "\",\"type\":\"classic\",\"arguments\":{}}");

        assertThat(learn().ownQueueType()).isEqualTo(OwnQueueType.CLASSIC);
    }

    @Test
    void nothingKnownAtAllKeepsClassicQueuesAndSaysHowToFixIt() throws Exception {
        nodesStatus = 401;
        nodesJson = "{\"error\":\"not_authorised\"}";
        queueAnswers(200, "{\"name\":\"" + QUEUE + "\",\"type\":\"classic\",\"arguments\":{}}");

        assertThat(learn().ownQueueType()).isEqualTo(OwnQueueType.CLASSIC);
        assertThat(logged).anyMatch(line -> line.contains("the cluster's size could not be read") && line.contains("monitoring"));
    }

    private QueueFacts learn() throws Exception {
        return new QueueFactsLookup(settings()).learn(connection()).get(10, TimeUnit.SECONDS);
    }

    private Connection connection() {
        return broker.channel().getConnection();
    }

    private void cluster(int nodes) {
        StringBuilder json = new StringBuilder("[");
        for (int n = 1; n <= nodes; n++) {
            json.append(n > 1 ? "," : "").append("{\"name\":\"n").append(n).append("@host\"}");
        }
        nodesStatus = 200;
        nodesJson = json.append("]").toString();
    }

    private void queueAnswers(int status, String json) {
        queueStatus = status;
        queueJson = json;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Settings settings() {
        URI api = URI.create("http://127.0.0.1:" + management.getAddress().getPort());
        return new Settings(AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/"), QUEUE, log, 30, 5,
                Duration.ofSeconds(30), "", false, 1, Duration.ofMillis(500), false, "app", "", null, null, "/ctec-consumer",
                Duration.ofMinutes(1), 0, "127.0.0.1", ConcurrencyMode.THREADS, 1, Duration.ofSeconds(30), 3,
                Duration.ZERO, 1.0, Duration.ZERO, null, null, 0, api, Duration.ofMinutes(1), List.of());
    }
}
