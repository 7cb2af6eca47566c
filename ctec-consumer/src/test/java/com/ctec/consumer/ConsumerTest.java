package com.ctec.consumer;

import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import com.ctec.consumer.testing.RecordingLogger;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The seed's usage on the real broker: SUCCESS, REJECT, REDELIVER, defaults, counters. */
class ConsumerTest extends RealBrokerTest {

    @Test
    void successAcknowledgesEveryMessage() {
        String queue = broker.queue("success");
        broker.publishNumbered(queue, 200);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            seen.add(m.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 200);
        assertThat(seen).hasSize(200);
        consumer.close();
        assertThat(broker.messageCount(queue)).isZero();
        ConsumerStats stats = consumer.stats();
        assertThat(stats.delivered()).isEqualTo(200);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.failed()).isZero();
        assertThat(consumer.state()).isEqualTo(ConsumerState.STOPPED);
    }

    @Test
    void runBlocksUntilStopAndReturns() throws Exception {
        String queue = broker.queue("run");
        broker.publishNumbered(queue, 5);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        AtomicInteger handled = new AtomicInteger();
        consumer.registerWorker(m -> {
            handled.incrementAndGet();
            return ConsumeResult.SUCCESS;
        });
        Thread runner = Thread.ofPlatform().start(consumer::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 5);
        assertThat(runner.isAlive()).isTrue();
        consumer.stop();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
    }

    @Test
    void rejectGoesToTheQueuesOwnDeadLetterExchange() {
        String dead = broker.queue("dead");
        String queue = queueDeadLetteringTo(dead, "reject");
        startRejectingThenPublishOne(Consumer.builder(Broker.URL, queue), queue);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(dead) == 1);
        GetResponse letter = broker.get(dead);
        assertThat(new String(letter.getBody(), StandardCharsets.UTF_8)).isEqualTo("bad");
        Map<String, Object> headers = letter.getProps().getHeaders();
        assertThat(headers.get("x-ctec-exception").toString()).contains("REJECT");
        assertThat(headers.get("x-ctec-original-queue").toString()).isEqualTo(queue);
        assertThat(headers).containsKeys("x-ctec-attempts", "x-ctec-failed-at");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.stats().rejected() == 1);
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void aManagementUrlFindsTheQueuesOwnDeadLetterExchange() {
        String dead = broker.queue("dead");
        String queue = queueDeadLetteringTo(dead, "reject-mgmt-url");
        startRejectingThenPublishOne(Consumer.builder(Broker.URL, queue).managementUrl("http://localhost:15672/"), queue);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(dead) == 1);
        assertThat(broker.queueExists(queue + ".dlq")).isFalse();
    }

    /**
     * Starts a consumer that rejects everything and publishes one message "bad" once the consumer
     * has said where its dead letters go: the management lookup runs in the background, and a dead
     * letter waits only 5 s for it before taking the fallback route (a busy machine can take longer).
     */
    private void startRejectingThenPublishOne(Consumer.Builder builder, String queue) {
        List<String> lines = new CopyOnWriteArrayList<>();
        consumer = builder.agent(false).logger(new RecordingLogger(lines, Level.INFO, "reject")).build();
        consumer.registerWorker(m -> ConsumeResult.REJECT);
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("x-dead-letter-exchange argument")));
        broker.publish(queue, "bad");
    }

    /** A queue whose own dead-letter exchange (an argument) routes to {@code dead}. */
    private String queueDeadLetteringTo(String dead, String prefix) {
        String dlx = broker.uniqueName("dlx");
        broker.exchange(dlx, "fanout");
        broker.bind(dead, dlx, "");
        return broker.queue(prefix, Map.of("x-dead-letter-exchange", dlx));
    }

    @Test
    void rejectWithoutAnyDeadLetterExchangeGoesToTheDlqInsteadOfBeingDropped() {
        String queue = broker.queue("reject-nodlx");
        broker.publish(queue, "bad");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> ConsumeResult.REJECT);
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueExists(queue + ".dlq") && broker.messageCount(queue + ".dlq") == 1);
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void redeliverHandsTheMessageBackAndItComesAgainWithTheNextAttempt() {
        String queue = broker.queue("redeliver");
        broker.publish(queue, "again");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            attempts.add(m.attempt());
            return m.attempt() < 3 ? ConsumeResult.REDELIVER : ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().succeeded() == 1);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(consumer.stats().redelivered()).isEqualTo(2);
    }

    @Test
    void aWorkerThatThrowsOrReturnsNullIsRetriedThenDeadLetteredWithTheReason() {
        String queue = broker.queue("throws");
        broker.publish(queue, "boom");
        broker.publish(queue, "null");
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(3).build();
        consumer.registerWorker(m -> {
            calls.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet();
            if (m.bodyAsString().equals("boom")) {
                throw new IllegalStateException("worker exploded");
            }
            return null;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 2);
        assertThat(calls.get("boom").get()).isEqualTo(3);
        assertThat(calls.get("null").get()).isEqualTo(3);
        for (GetResponse letter : broker.drain(dlq)) {
            Map<String, Object> headers = letter.getProps().getHeaders();
            String body = new String(letter.getBody(), StandardCharsets.UTF_8);
            assertThat(headers.get("x-ctec-attempts")).isEqualTo(3);
            assertThat(headers.get("x-ctec-exception").toString())
                    .contains(body.equals("boom") ? "worker exploded" : "returned null");
        }
        // The counters move when the broker has confirmed the dead letters, a moment after they are visible in the queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().deadLettered() == 2);
        assertThat(consumer.stats().failed()).isEqualTo(6);
    }

    @Test
    void defaultsAreTheSeeds() {
        String queue = broker.queue("defaults");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);
        consumer.start();
        assertThat(consumer.info().prefetch()).isEqualTo(30);
        assertThat(consumer.info().threads()).isEqualTo(5);
        assertThat(consumer.info().mode()).isEqualTo(ConcurrencyMode.THREADS);
        assertThat(consumer.info().redactedUrl()).isEqualTo("amqp://guest:****@127.0.0.1:5672/");
    }

    @Test
    void propertiesAndHeadersReachTheWorker() {
        String queue = broker.queue("props");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(Map.of("k", "v")).contentEncoding("ISO-8859-1").messageId("m-1").build();
        broker.publish("", queue, properties, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        List<WorkerMessage> got = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            got.add(m);
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        WorkerMessage m = got.get(0);
        assertThat(m.bodyAsString()).isEqualTo("caf\u00e9");
        assertThat(m.properties().get("k").toString()).isEqualTo("v");
        assertThat(m.basicProperties().getMessageId()).isEqualTo("m-1");
        assertThat(m.queue()).isEqualTo(queue);
        assertThat(m.attempt()).isEqualTo(1);
        assertThat(m.isRedelivered()).isFalse();
        assertThat(m.deliveryTag()).isPositive();
    }

    @Test
    void theBrokersVersionIsLoggedWhenTheConsumingConnectionOpens() throws Exception {
        String queue = broker.queue("version");
        String version = broker.channel().getConnection().getServerProperties().get("version").toString();
        List<String> lines = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false)
                .logger(new RecordingLogger(lines, Level.INFO, "version")).build();
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);
        consumer.start();

        assertThat(lines).containsOnlyOnce("INFO Connected to RabbitMQ " + version + " at 127.0.0.1:5672 for queue '" + queue + "'.");
    }
}
