package com.ctec.consumer.spring;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot service with five consumers on the real broker, a web server and Actuator:
 * a worker bean, annotated methods (forward, RPC, retries, batches), health, the endpoint, the
 * meters at {@code /actuator/prometheus} and the registry in an in-process ZooKeeper.
 */
@SpringBootTest(classes = ConsumersApplicationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,ctecconsumers,prometheus",
            "management.endpoint.health.show-details=always", "ctec.consumer.agent-interval=1s"})
class ConsumersApplicationTest {
    private static final Broker BROKER = new Broker();
    private static final String APP = "boot-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PLAIN = BROKER.queue("boot-plain");
    private static final String FORWARD_IN = BROKER.queue("boot-forward-in");
    private static final String FORWARD_OUT = BROKER.queue("boot-forward-out");
    private static final String RPC = BROKER.queue("boot-rpc");
    private static final String POISON = BROKER.queue("boot-poison");
    private static final String BATCH = BROKER.queue("boot-batch");
    private static final String IMPLICIT = BROKER.queue("boot-implicit");
    private static final TestingServer ZOOKEEPER = startZooKeeper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private Workers workers;
    @Autowired
    private Recorder plain;
    @LocalServerPort
    private int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Recorder plainRecorder() {
            return new Recorder();
        }

        @Bean
        Worker plainWorker(Recorder plainRecorder) {
            return message -> {
                plainRecorder.record(message);
                return ConsumeResult.SUCCESS;
            };
        }

        @Bean
        Workers workers() {
            return new Workers();
        }
    }

    /** A bean with annotated worker methods, as an application would write one. */
    static class Workers {
        final Recorder poisoned = new Recorder();
        final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @CtecWorker(consumer = "forward")
        ConsumeResult forward(WorkerMessage message) {
            message.forward("", FORWARD_OUT);
            return ConsumeResult.SUCCESS;
        }

        final Recorder implicit = new Recorder();

        /** No consumer names this queue: one is made for it, with the shared settings. */
        @CtecWorker(queue = "${test.implicit-queue}")
        ConsumeResult implicit(WorkerMessage message) {
            implicit.record(message);
            return ConsumeResult.SUCCESS;
        }

        @CtecWorker(consumer = "rpc")
        ConsumeResult upper(WorkerMessage message) {
            message.reply(message.bodyAsString().toUpperCase(Locale.ROOT));
            return ConsumeResult.SUCCESS;
        }

        @CtecWorker(consumer = "poison")
        ConsumeResult failing(WorkerMessage message) {
            poisoned.record(message);
            throw new IllegalStateException("cannot handle " + message.bodyAsString());
        }

        @CtecWorker(consumer = "batch")
        ConsumeResult batch(List<WorkerMessage> messages) {
            batchSizes.add(messages.size());
            return ConsumeResult.SUCCESS;
        }
    }

    @DynamicPropertySource
    static void consumers(DynamicPropertyRegistry properties) {
        properties.add("spring.application.name", () -> APP);
        properties.add("ctec.consumer.url", () -> Broker.URL);
        properties.add("ctec.consumer.zookeeper", ZOOKEEPER::getConnectString);
        properties.add("ctec.consumer.max-attempts", () -> "4");
        properties.add("ctec.consumer.consumers.plain.queue", () -> PLAIN);
        properties.add("ctec.consumer.consumers.plain.worker", () -> "plainWorker");
        properties.add("ctec.consumer.consumers.forward.queue", () -> FORWARD_IN);
        properties.add("ctec.consumer.consumers.rpc.queue", () -> RPC);
        properties.add("ctec.consumer.consumers.rpc.rpc", () -> "true");
        properties.add("ctec.consumer.consumers.poison.queue", () -> POISON);
        properties.add("ctec.consumer.consumers.poison.max-attempts", () -> "2");
        properties.add("ctec.consumer.consumers.poison.mode", () -> "VIRTUAL_THREADS");
        properties.add("ctec.consumer.consumers.batch.queue", () -> BATCH);
        properties.add("ctec.consumer.consumers.batch.batch-size", () -> "5");
        // Long enough that a burst of 20 always makes full batches, whatever the load; a full batch never waits for it.
        properties.add("ctec.consumer.consumers.batch.batch-timeout", () -> "3s");
        properties.add("test.implicit-queue", () -> IMPLICIT);
    }

    @AfterAll
    static void stopConsumersThenDeleteQueues(@Autowired CtecConsumers consumers) throws Exception {
        consumers.stop();   // before their queues go; the cached context closes at the end of the run
        BROKER.close();
        ZOOKEEPER.close();
    }

    @Test
    void aWorkerBeanNamedInTheSettingsGetsEveryMessage() {
        for (int i = 0; i < 20; i++) {
            BROKER.publish(PLAIN, "plain-" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> plain.count() >= 20);
        assertThat(plain.bodies()).doesNotHaveDuplicates().hasSize(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> BROKER.messageCount(PLAIN) == 0);
    }

    @Test
    void anAnnotatedMethodForwardsBeforeTheOriginalIsAcknowledged() {
        for (int i = 0; i < 10; i++) {
            BROKER.publish(FORWARD_IN, "fwd-" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> BROKER.messageCount(FORWARD_OUT) == 10);
        assertThat(BROKER.drain(FORWARD_OUT)).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("fwd-0", "fwd-1", "fwd-2", "fwd-3", "fwd-4", "fwd-5", "fwd-6", "fwd-7", "fwd-8", "fwd-9");
        await().atMost(Duration.ofSeconds(10)).until(() -> BROKER.messageCount(FORWARD_IN) == 0);
    }

    @Test
    void anRpcConsumerAnswersThroughDirectReplyTo() throws Exception {
        try (Channel client = BROKER.channel().getConnection().createChannel()) {
            BlockingQueue<String> answers = new ArrayBlockingQueue<>(1);
            client.basicConsume("amq.rabbitmq.reply-to", true, (tag, delivery) -> answers.add(
                    delivery.getProperties().getCorrelationId() + ":" + new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> { });
            client.basicPublish("", RPC, new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to").correlationId("c-1").build(),
                    "hello".getBytes(StandardCharsets.UTF_8));

            assertThat(answers.poll(20, TimeUnit.SECONDS)).isEqualTo("c-1:HELLO");
        }
    }

    @Test
    void aThrowingMethodIsRetriedUpToItsOwnMaxAttemptsThenDeadLettered() {
        BROKER.publish(POISON, "poison-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> BROKER.queueExists(POISON + ".dlq") && BROKER.messageCount(POISON + ".dlq") == 1);
        GetResponse dead = BROKER.get(POISON + ".dlq");
        assertThat(dead.getProps().getHeaders().get("x-ctec-attempts").toString()).as("the consumer's own 2, not the shared 4").isEqualTo("2");
        assertThat(dead.getProps().getHeaders().get("x-ctec-exception").toString()).contains("IllegalStateException", "cannot handle poison-1");
        assertThat(workers.poisoned.bodies()).containsExactly("poison-1", "poison-1");
    }

    @Test
    void aMethodTakingAListGetsBatches() {
        BROKER.publishNumbered(BATCH, 20);
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.batchSizes.stream().mapToInt(Integer::intValue).sum() == 20);
        assertThat(workers.batchSizes).allMatch(size -> size <= 5).anyMatch(size -> size > 1);
    }

    @Test
    void aMethodNamingOnlyAQueueGetsAConsumerOfItsOwn() {
        BROKER.publish(IMPLICIT, "implicit-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.implicit.count() == 1);
        assertThat(get("/actuator/ctecconsumers/" + IMPLICIT).body()).contains("\"queue\":\"" + IMPLICIT + "\"", "\"state\":\"RUNNING\"");
    }

    @Test
    void healthHasOneIndicatorPerConsumerAndTheEndpointListsThemWithoutThePassword() {
        HttpResponse<String> health = get("/actuator/health/ctecConsumers");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"plain\"", "\"forward\"", "\"rpc\"", "\"poison\"", "\"batch\"", "\"status\":\"UP\"");
        assertThat(get("/actuator/health/ctecConsumers/plain").body()).contains("\"state\":\"RUNNING\"", "\"queue\":\"" + PLAIN + "\"");

        HttpResponse<String> endpoint = get("/actuator/ctecconsumers");
        assertThat(endpoint.statusCode()).isEqualTo(200);
        assertThat(endpoint.body()).contains("\"worker\":\"bean 'plainWorker'\"", "\"mode\":\"VIRTUAL_THREADS\"", "guest:****@")
                .doesNotContain("guest:guest");
        assertThat(get("/actuator/ctecconsumers/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theAgentsMetersAreInTheApplicationsPrometheusScrapeUnderTheirOwnNames() {
        BROKER.publish(PLAIN, "counted");
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/actuator/prometheus").body()
                .contains("ctec_consumer_acked_total{app=\"" + APP + "\",queue=\"" + PLAIN + "\"}"));
        String scrape = get("/actuator/prometheus").body();
        assertThat(scrape).contains("ctec_consumer_delivered_total{app=\"" + APP + "\",queue=\"" + PLAIN + "\"}",
                "ctec_consumer_handler_seconds_bucket{app=\"" + APP + "\"", "ctec_consumer_connection_up{app=\"" + APP + "\",queue=\"" + RPC + "\"} 1",
                "ctec_consumer_failed_total{app=\"" + APP + "\"", "ctec_consumer_backlog{app=\"" + APP + "\"");
    }

    @Test
    void eachConsumerIsInTheZooKeeperRegistryAsWithAPlainConsumer() throws Exception {
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(ZOOKEEPER.getConnectString(), new RetryOneTime(100))) {
            zk.start();
            String app = "/ctec-consumer/" + APP;
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.checkExists().forPath(app) != null
                    && !zk.getChildren().forPath(app).isEmpty()
                    && entry(zk, app).contains("\"queue\":\"" + PLAIN + "\"") && entry(zk, app).contains("\"queue\":\"" + BATCH + "\""));
            assertThat(entry(zk, app)).contains("\"state\":\"RUNNING\"").doesNotContain("guest:guest");
        }
    }

    private static String entry(CuratorFramework zk, String app) throws Exception {
        String instance = zk.getChildren().forPath(app).get(0);
        return new String(zk.getData().forPath(app + "/" + instance), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestingServer startZooKeeper() {
        try {
            return new TestingServer(true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
