package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 7: bad input. Odd bodies, headers and properties; workers that return null, throw an
 * Error or never return; wrong credentials and unknown vhosts at start and while reconnecting.
 * Each: a clear log line, nothing lost, the consumer alive. On node n2 (no restarts needed).
 */
@Tag("fast")
class BadInputTest {
    static final int NODE = 2;
    static final String PASSWORD_MARK = "s3cret-Pw";

    private final Broker client = Nodes.client(NODE);
    private final List<Consumer> consumers = new ArrayList<>();

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @AfterEach
    void cleanUp() {
        consumers.forEach(Consumer::close);
        client.close();
    }

    @Test
    void oddBodiesHeadersAndPropertiesAreAllHandledAndTheConsumerStaysAlive() {
        String queue = client.queue("odd");
        Map<String, String> seen = new ConcurrentHashMap<>();
        CapturingLogger log = new CapturingLogger("odd");
        Consumer consumer = start(Setup.of(Nodes.url(NODE), queue, Nodes.managementPort(NODE)), log, message -> {
            String key = message.basicProperties().getMessageId() != null ? message.basicProperties().getMessageId() : message.bodyAsString();
            // Everything a worker may look at must work on any input.
            String summary = message.body().length + " bytes, text " + message.bodyAsString().length() + " chars, "
                    + message.properties().size() + " headers " + message.properties().keySet() + ", attempt " + message.attempt()
                    + ", redelivered " + message.isRedelivered() + ", publish body " + message.publishBody().length;
            seen.merge(key, summary, (a, b) -> a + " | AGAIN " + b);
            return ConsumeResult.SUCCESS;
        });

        Map<String, byte[]> bodies = new LinkedHashMap<>();
        publish(queue, "empty", props("empty").build(), new byte[0], bodies);
        byte[] big = new byte[50 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        publish(queue, "50MB", props("50MB").build(), big, bodies);
        publish(queue, "bad-utf8", props("bad-utf8").build(), new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80}, bodies);
        publish(queue, "enc-gzip", props("enc-gzip").contentEncoding("gzip").build(), new byte[]{31, (byte) 139, 8, 0}, bodies);
        publish(queue, "enc-unknown", props("enc-unknown").contentEncoding("no-such-charset").build(), "x".getBytes(StandardCharsets.UTF_8), bodies);
        publish(queue, "enc-illegal", props("enc-illegal").contentEncoding("!! not a name").build(), "x".getBytes(StandardCharsets.UTF_8), bodies);
        publish(queue, "enc-utf16-odd", props("enc-utf16-odd").contentEncoding("UTF-16").build(), new byte[]{(byte) 0xD8, 0x00, 0x41}, bodies);
        publish(queue, "all-headers", props("all-headers").headers(everyAmqpType()).build(), "h".getBytes(StandardCharsets.UTF_8), bodies);
        publish(queue, "attempt-text", props("attempt-text").headers(Map.of("x-ctec-attempt", "abc", "x-delivery-count", "x")).build(),
                "a".getBytes(StandardCharsets.UTF_8), bodies);
        publish(queue, "attempt-negative", props("attempt-negative").headers(Map.of("x-ctec-attempt", -5, "x-delivery-count", -7)).build(),
                "a".getBytes(StandardCharsets.UTF_8), bodies);
        publish(queue, "attempt-int-max", props("attempt-int-max").headers(Map.of("x-ctec-attempt", Integer.MAX_VALUE, "x-delivery-count", 1)).build(),
                "a".getBytes(StandardCharsets.UTF_8), bodies);
        // x-ctec-attempt = Long.MAX_VALUE with x-delivery-count >= 1 stops the consumer: PoisonHeaderBugTest (known bug).
        // No properties at all: basic.publish with an empty property list.
        client.publish("", queue, null, "no-properties".getBytes(StandardCharsets.UTF_8));
        bodies.put("no-properties", null);
        client.publishAll(queue, 0, 100, Ids::body);

        await().atMost(Duration.ofSeconds(60)).until(() -> seen.keySet().containsAll(bodies.keySet()) && seen.size() >= bodies.size() + 100);
        seen.forEach((key, summary) -> System.out.println("odd input " + key + ": " + summary));
        assertThat(seen.values()).noneMatch(summary -> summary.contains("AGAIN"));
        assertThat(seen.get("50MB")).startsWith(big.length + " bytes");
        assertThat(seen.get("empty")).startsWith("0 bytes");
        assertThat(seen.get("all-headers")).contains(everyAmqpType().size() + " headers");
        assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
        assertThat(consumer.stats().failed()).isZero();
        assertThat(log.matching("ERROR")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.messageCount(queue) == 0);
        consumer.close();
        assertThat(client.messageCount(queue)).as("nothing left unacknowledged").isZero();
        Results.record("7 bad input", "odd bodies, headers, properties (" + bodies.size() + " kinds + 100)", "THREADS", 0,
                new Checker.Figures(bodies.size() + 100, 0, 0, 0, List.of()), 0, true);
    }

    @Test
    void aWorkerThatReturnsNullOrThrowsAnErrorIsLoggedRetriedAndDeadLetteredWhileTheOthersFlow() {
        String queue = client.queue("failing");
        Set<Integer> handled = ConcurrentHashMap.newKeySet();
        CapturingLogger log = new CapturingLogger("failing");
        Consumer consumer = start(Setup.of(Nodes.url(NODE), queue, Nodes.managementPort(NODE)), log, 3, message -> {
            String body = message.bodyAsString();
            switch (body) {
                case "null":
                    return null;
                case "oom":
                    throw new OutOfMemoryError("simulated by the test");
                case "stack":
                    throw new StackOverflowError("simulated by the test");
                case "assert":
                    throw new AssertionError("simulated by the test");
                default:
                    handled.add(Ids.id(message.body()));
                    return ConsumeResult.SUCCESS;
            }
        });
        for (String poison : List.of("null", "oom", "stack", "assert")) {
            client.publish("", queue, persistent(), poison.getBytes(StandardCharsets.UTF_8));
        }
        client.publishAll(queue, 0, 1_000, Ids::body);

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 1_000 && client.queueExists(dlq) && client.messageCount(dlq) == 4);
        assertThat(log.matching("The worker returned null")).hasSize(3);
        assertThat(log.matching("The worker threw java.lang.OutOfMemoryError")).hasSize(3);
        assertThat(log.matching("The worker threw java.lang.StackOverflowError")).hasSize(3);
        assertThat(log.matching("The worker threw java.lang.AssertionError")).hasSize(3);
        assertThat(log.matching("failed its last attempt (3 of 3): dead-lettered")).hasSize(4);
        List<GetResponse> letters = client.drain(dlq);
        assertThat(letters).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("null", "oom", "stack", "assert");
        assertThat(letters).allSatisfy(r -> assertThat(r.getProps().getHeaders()).containsKeys("x-ctec-exception", "x-ctec-attempts"));
        assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
        assertThat(client.messageCount(queue)).isZero();
        Results.record("7 bad input", "worker returns null / throws OOM, StackOverflowError, AssertionError", "THREADS", 0,
                new Checker.Figures(1_004, 0, 0, 0, List.of()), 0, true);
    }

    @Test
    void aWorkerThatNeverReturnsIsReportedAndStopStillCompletesWithinTheShutdownTimeout() {
        String queue = client.queue("blocked");
        CapturingLogger log = new CapturingLogger("blocked");
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch blockedStarted = new CountDownLatch(2);
        Setup setup = new Setup(Nodes.url(NODE), queue, com.ctec.consumer.ConcurrencyMode.THREADS, 1, 1, 10, 3, Duration.ofSeconds(5),
                Nodes.managementPort(NODE), 0, Duration.ofSeconds(3));
        Consumer consumer = setup.builder().logger(log).slowWorkerWarning(Duration.ofSeconds(1)).build();
        consumer.registerWorker(message -> {
            String body = message.bodyAsString();
            if (body.equals("block-interruptibly")) {
                blockedStarted.countDown();
                new CountDownLatch(1).await();
            } else if (body.equals("block-ignoring-interrupts")) {
                blockedStarted.countDown();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // A worker that swallows interrupts: the stop must not wait for it.
                    }
                }
            }
            handled.incrementAndGet();
            return ConsumeResult.SUCCESS;
        });
        consumers.add(consumer);
        consumer.start();
        client.publish("", queue, persistent(), "block-interruptibly".getBytes(StandardCharsets.UTF_8));
        client.publish("", queue, persistent(), "block-ignoring-interrupts".getBytes(StandardCharsets.UTF_8));
        client.publishAll(queue, 0, 200, Ids::body);

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == 200 && blockedStarted.getCount() == 0
                && log.matching("The worker has been running for").size() == 2);
        assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
        long start = System.nanoTime();
        consumer.close();
        long stopMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(stopMillis).as("stop took %d ms with a 3 s shutdown timeout", stopMillis).isLessThan(3_000 + 7_000);
        assertThat(consumer.state()).isEqualTo(ConsumerState.STOPPED);
        assertThat(log.matching("were still in progress after the shutdown timeout")).hasSize(1);
        assertThat(client.messageCount(queue)).as("the two blocked messages are back in the queue").isEqualTo(2);
        Results.record("7 bad input", "worker never returns (interruptible / ignoring interrupts); stop in " + stopMillis + " ms", "THREADS", 0,
                new Checker.Figures(202, 0, 0, 0, List.of()), 0, true);
    }

    @Test
    void wrongCredentialsOrAnUnknownVhostAtStartAreOneClearSentenceWithoutThePassword() {
        String queue = client.queue("credentials");
        String wrongPassword = "amqp://guest:" + PASSWORD_MARK + "@127.0.0.1:" + Nodes.amqpPort(NODE) + "/";
        assertThatThrownBy(() -> start(Setup.of(wrongPassword, queue, 0), new CapturingLogger("wrong"), m -> ConsumeResult.SUCCESS))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("refused user 'guest' (wrong user name or password)")
                .hasMessageNotContaining(PASSWORD_MARK);
        String unknownVhost = "amqp://guest:" + "guest" + "@127.0.0.1:" + Nodes.amqpPort(NODE) + "/no-such-vhost";
        assertThatThrownBy(() -> start(Setup.of(unknownVhost, queue, 0), new CapturingLogger("vhost"), m -> ConsumeResult.SUCCESS))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("The virtual host 'no-such-vhost' does not exist");
        Results.record("7 bad input", "wrong password / unknown vhost at start: ConsumerException", "THREADS", 0,
                new Checker.Figures(0, 0, 0, 0, List.of()), 0, true);
    }

    @Test
    void aPasswordChangedWhileReconnectingIsLoggedAndConsumptionResumesOnceItIsRestored() {
        String user = "ctec-rel-" + UUID.randomUUID().toString().substring(0, 8);
        Nodes.ctl(NODE, "add_user", user, PASSWORD_MARK);
        try {
            Nodes.ctl(NODE, "set_permissions", "-p", "/", user, ".*", ".*", ".*");
            String queue = client.queue("password");
            Checker checker = new Checker(2_000);
            CapturingLogger log = new CapturingLogger("password");
            String url = "amqp://" + user + ":" + PASSWORD_MARK + "@127.0.0.1:" + Nodes.amqpPort(NODE) + "/";
            Consumer consumer = start(Setup.of(url, queue, 0), log, message -> {
                checker.handled(Ids.id(message.body()));
                return ConsumeResult.SUCCESS;
            });
            client.publishAll(queue, 0, 1_000, Ids::body);
            await().atMost(Duration.ofSeconds(30)).until(() -> checker.unique() == 1_000);

            Nodes.ctl(NODE, "change_password", user, "another-" + PASSWORD_MARK);
            Nodes.closeAllConnections(NODE);
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.matching("refused user '" + user + "'").isEmpty());
            assertThat(consumer.state()).isEqualTo(ConsumerState.RECOVERING);
            client.publishAll(queue, 1_000, 2_000, Ids::body);
            Nodes.ctl(NODE, "change_password", user, PASSWORD_MARK);
            long restored = System.currentTimeMillis();

            await().atMost(Duration.ofSeconds(40)).until(() -> checker.allHandled());
            long resumed = System.currentTimeMillis() - restored;
            assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
            assertThat(log.all()).doesNotContain(PASSWORD_MARK);
            assertThat(log.matching("Still recovering")).anyMatch(line -> line.contains("wrong user name or password"));
            consumer.close();
            Checker.Figures figures = checker.figures(new Timeline());
            assertThat(figures.lost()).isZero();
            assertThat(client.messageCount(queue)).isZero();
            Results.record("7 bad input", "password changed while reconnecting, then restored (resumed " + resumed + " ms later)",
                    "THREADS", 1, figures, 30, true);
        } finally {
            Nodes.ctl(NODE, "delete_user", user);
        }
    }

    @Test
    void aVhostDeletedWhileConsumingIsLoggedAndConsumptionResumesOnceItIsBack() {
        String vhost = "ctec-rel-" + UUID.randomUUID().toString().substring(0, 8);
        Nodes.ctl(NODE, "add_vhost", vhost);
        try {
            Nodes.ctl(NODE, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
            String url = "amqp://guest:guest@127.0.0.1:" + Nodes.amqpPort(NODE) + "/" + vhost;
            try (Broker inVhost = new Broker(url, Nodes.managementPort(NODE))) {
                String queue = inVhost.queue("vhost");
                Checker checker = new Checker(2_000);
                CapturingLogger log = new CapturingLogger("vhost");
                Consumer consumer = start(Setup.of(url, queue, 0), log, message -> {
                    checker.handled(Ids.id(message.body()));
                    return ConsumeResult.SUCCESS;
                });
                inVhost.publishAll(queue, 0, 1_000, Ids::body);
                await().atMost(Duration.ofSeconds(30)).until(() -> checker.unique() == 1_000);

                Nodes.ctl(NODE, "delete_vhost", vhost);
                await().atMost(Duration.ofSeconds(30)).until(() -> !log.matching("The virtual host '" + vhost + "' does not exist").isEmpty());
                assertThat(consumer.state()).isEqualTo(ConsumerState.RECOVERING);
                Nodes.ctl(NODE, "add_vhost", vhost);
                Nodes.ctl(NODE, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
                inVhost.run(ch -> ch.queueDeclare(queue, true, false, false, null));
                inVhost.publishAll(queue, 1_000, 2_000, Ids::body);

                await().atMost(Duration.ofSeconds(60)).until(() -> checker.allHandled());
                assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
                consumer.close();
                assertThat(inVhost.messageCount(queue)).isZero();
                Results.record("7 bad input", "vhost deleted while consuming, then re-created", "THREADS", 1,
                        checker.figures(new Timeline()), 30, true);
            }
        } finally {
            try {
                Nodes.ctl(NODE, "delete_vhost", vhost);
            } catch (IllegalStateException e) {
                // Already gone.
            }
        }
    }

    private Consumer start(Setup setup, CapturingLogger log, com.ctec.consumer.Worker worker) {
        return start(setup, log, 5, worker);
    }

    private Consumer start(Setup setup, CapturingLogger log, int maxAttempts, com.ctec.consumer.Worker worker) {
        Consumer consumer = setup.builder().logger(log).maxAttempts(maxAttempts).build();
        consumer.registerWorker(worker);
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    private void publish(String queue, String key, AMQP.BasicProperties properties, byte[] body, Map<String, byte[]> published) {
        client.publish("", queue, properties, body);
        published.put(key, body);
    }

    private static AMQP.BasicProperties.Builder props(String messageId) {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(messageId);
    }

    private static AMQP.BasicProperties persistent() {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).build();
    }

    /** One header of every type an AMQP 0-9-1 field table can carry (as RabbitMQ's Java client writes them). */
    static Map<String, Object> everyAmqpType() {
        Map<String, Object> headers = new LinkedHashMap<>();
        LongString longString = LongStringHelper.asLongString("long string ✓");
        headers.put("string", "text ✓");
        headers.put("long-string", longString);
        headers.put("int", 42);
        headers.put("long", Long.MIN_VALUE);
        headers.put("short", (short) -7);
        headers.put("byte", (byte) 0x7F);
        // Not NaN or infinities: RabbitMQ 3.10 cannot parse them and closes the publisher's connection (541).
        headers.put("float", -1.5e-30f);
        headers.put("double", Double.MAX_VALUE);
        headers.put("decimal", new BigDecimal("12345.6789"));
        headers.put("boolean", true);
        headers.put("timestamp", new Date(0));
        headers.put("bytes", new byte[]{0, (byte) 0xFF});
        headers.put("array", List.of(1, "two", List.of(3.0), Map.of("four", 4)));
        headers.put("table", Map.of("nested", Map.of("deeper", new byte[0]), "empty", Map.of()));
        headers.put("void", null);
        headers.put("x-ctec-attempt", 1);
        headers.put("empty-name-value", "");
        return headers;
    }
}
