package com.ctec.consumer;

import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.CuttingProxy;
import com.ctec.consumer.testing.RealBrokerTest;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The engine at its edges (issue 13): publishes the client refuses, bad forwards beside good
 * ones, queues of ours deleted under us, connections dying mid-subscribe, links gone silent
 * during a stop. Each test failed on the engine before its fix.
 */
class EngineEdgesTest extends RealBrokerTest {
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    private int handledCount(String body) {
        return handled.getOrDefault(body, new AtomicInteger()).get();
    }

    private void count(WorkerMessage message) {
        handled.computeIfAbsent(message.bodyAsString(), b -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    void aForwardTheClientCannotEncodeFailsAloneAndLaterOutcomesStayMatchedToTheirPublishes() {
        String queue = broker.queue("edge-encode");
        String target = broker.queue("edge-encode-dst");
        String missingQueue = broker.uniqueName("edge-encode-missing");
        // One at a time, in this order: each outcome must be the outcome of its own publish.
        for (String body : List.of("uuid-header", "unroutable", "long-key", "ok")) {
            broker.publish(queue, body);
        }
        consumer = Consumer.builder(Broker.URL, queue).agent(false).prefetch(1).threads(1).maxAttempts(1).build();
        consumer.registerWorker(m -> {
            switch (m.bodyAsString()) {
                case "uuid-header" -> m.forward("", target).setPublishProperties(new AMQP.BasicProperties.Builder()
                        .headers(Map.of("id", UUID.randomUUID())).build());
                case "unroutable" -> m.forward("", missingQueue);
                case "long-key" -> m.forward("", "k".repeat(300));
                default -> m.forward("", target);
            }
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messageCount(target) == 1
                && broker.queueExists(dlq) && broker.messageCount(dlq) == 3);
        consumer.close();
        GetResponse forwarded = broker.get(target);
        assertThat(new String(forwarded.getBody(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(headers(forwarded)).as("no bookkeeping of ours on a forward").doesNotContainKey("x-ctec-seq");
        List<GetResponse> letters = broker.drain(dlq);
        assertThat(letters).extracting(l -> new String(l.getBody(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("uuid-header", "unroutable", "long-key");
        assertThat(letters).allSatisfy(l -> assertThat(headers(l)).doesNotContainKey("x-ctec-seq"));
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void forwardsToAMissingExchangeAndAMissingQueueNeitherLoseNorMultiplyMessages() {
        String queue = broker.queue("edge-multiply");
        String missingQueue = broker.uniqueName("edge-multiply-missing");
        for (int i = 0; i < 10; i++) {
            broker.publish(queue, (i % 2 == 0 ? "exchange-" : "queue-") + i);
        }
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            count(m);
            if (m.bodyAsString().startsWith("exchange-")) {
                m.forward("ctec-test.no-such-exchange." + UUID.randomUUID(), "x");
            } else {
                m.forward("", missingQueue);
            }
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) >= 10);
        consumer.close();
        List<String> letters = broker.drain(dlq).stream().map(l -> new String(l.getBody(), StandardCharsets.UTF_8)).toList();
        assertThat(letters).as("each message dead-lettered once, after its five attempts").hasSize(10).doesNotHaveDuplicates();
        assertThat(broker.messageCount(queue)).as("no copies left behind").isZero();
        assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(5));
    }

    @Test
    void aDeadLetterExchangeThatDoesNotExistCostsNoRetryInFlightBesideIt() {
        String queue = broker.queue("edge-dlx-missing");
        for (int i = 0; i < 40; i++) {
            broker.publish(queue, (i % 4 == 0 ? "reject-" : "retry-") + i);
        }
        consumer = Consumer.builder(Broker.URL, queue).agent(false).managementPort(0)
                .deadLetter("ctec-test.no-such-dlx." + UUID.randomUUID(), "dead").build();
        consumer.registerWorker(m -> {
            count(m);
            if (m.bodyAsString().startsWith("reject-")) {
                return ConsumeResult.REJECT;
            }
            return m.attempt() == 1 ? ConsumeResult.REDELIVER : ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.stats().succeeded() >= 30
                && broker.queueExists(dlq) && broker.messageCount(dlq) >= 10);
        consumer.close();
        assertThat(broker.drain(dlq)).as("each rejected message in the fallback queue once").hasSize(10);
        assertThat(broker.messageCount(queue)).as("no copies left behind").isZero();
        assertThat(handled).hasSize(40);
        handled.forEach((body, n) -> assertThat(n.get()).as(body).isEqualTo(body.startsWith("reject-") ? 1 : 2));
    }

    @Test
    void aDeadLetterQueueDeletedByAnOperatorIsDeclaredAgain() {
        String queue = broker.queue("edge-dlq-deleted");
        String dlq = queue + ".dlq";
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            count(m);
            return ConsumeResult.REJECT;
        });
        consumer.start();
        broker.publish(queue, "first");
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 1);

        broker.delete(dlq);
        broker.publish(queue, "second");

        await().atMost(Duration.ofSeconds(20)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 1);
        consumer.close();
        assertThat(new String(broker.get(dlq).getBody(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(handledCount("second")).as("dead-lettered at its first rejection, not requeued in a loop").isEqualTo(1);
    }

    @Test
    void aDeadLetterQueueAnOperatorMadeWithOtherArgumentsIsUsedAsItIs() {
        String queue = broker.queue("edge-dlq-own-args");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of("x-max-length", 1000));
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            count(m);
            return ConsumeResult.REJECT;
        });
        consumer.start();
        broker.publish(queue, "rejected");

        await().atMost(Duration.ofSeconds(20)).until(() -> broker.messageCount(dlq) == 1);
        consumer.close();
        assertThat(handledCount("rejected")).isEqualTo(1);
    }

    @Test
    void aRetryQueueDeletedByAnOperatorIsDeclaredAgain() {
        String queue = broker.queue("edge-retry-deleted");
        String retryQueue = queue + ".retry.200ms";
        broker.deleteAtClose(retryQueue);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).retryDelay(Duration.ofMillis(200)).build();
        consumer.registerWorker(m -> {
            count(m);
            return m.attempt() == 1 ? ConsumeResult.REDELIVER : ConsumeResult.SUCCESS;
        });
        consumer.start();
        broker.publish(queue, "first");
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 1);

        broker.delete(retryQueue);
        broker.publish(queue, "second");

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 2);
        consumer.close();
        assertThat(handledCount("second")).as("one failed attempt, one retry through the queue declared again").isEqualTo(2);
        assertThat(broker.queueExists(retryQueue)).isTrue();
    }

    @Test
    void aConnectionDyingMidSubscribeIsRetriedUntilTheConsumerIsBack() throws Exception {
        String queue = broker.queue("edge-mid-subscribe");
        try (CuttingProxy proxy = new CuttingProxy(5672)) {
            consumer = Consumer.builder(proxy.url(), queue).agent(false).build();
            consumer.registerWorker(m -> {
                count(m);
                return ConsumeResult.SUCCESS;
            });
            consumer.start();

            proxy.cutAfterChannelOpen(3);
            proxy.dropAll();

            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.cutsLeft() == 0 && consumer.state() == ConsumerState.RUNNING);
            broker.publish(queue, "after the cuts");
            await().atMost(Duration.ofSeconds(20)).until(() -> handledCount("after the cuts") == 1);
        }
    }

    @Test
    void aConnectionDyingMidSubscribeAtStartFailsTheStartWithOneSentenceAndCloseReturns() throws Exception {
        String queue = broker.queue("edge-start-cut");
        try (CuttingProxy proxy = new CuttingProxy(5672)) {
            proxy.cutAfterChannelOpen(1);
            Consumer cut = Consumer.builder(proxy.url(), queue).agent(false).build();
            cut.registerWorker(m -> ConsumeResult.SUCCESS);

            assertThatThrownBy(cut::start).isInstanceOf(ConsumerException.class).hasMessageNotContaining("guest:guest");
            assertTimeoutPreemptively(Duration.ofSeconds(20), cut::close);
            assertThat(cut.state()).isEqualTo(ConsumerState.STOPPED);
        }
    }

    @Test
    void aStopOverALinkGoneSilentKeepsToTheShutdownTimeout() throws Exception {
        String queue = broker.queue("edge-frozen-stop");
        try (CuttingProxy proxy = new CuttingProxy(5672)) {
            // The default heartbeat: the client would need a minute to notice the silence by itself.
            consumer = Consumer.builder(proxy.url(), queue).agent(false).shutdownTimeout(Duration.ofSeconds(2)).build();
            consumer.registerWorker(m -> ConsumeResult.SUCCESS);
            consumer.start();

            proxy.freeze();

            // Generous beside the 2 s asked for, far below the heartbeat's minute.
            assertTimeoutPreemptively(Duration.ofSeconds(20), consumer::close);
            assertThat(consumer.state()).isEqualTo(ConsumerState.STOPPED);
        }
    }

    @Test
    void aStopBeforeRunMeansRunReturnsWithoutConsuming() {
        String queue = broker.queue("edge-stop-first");
        broker.publish(queue, "left alone");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            count(m);
            return ConsumeResult.SUCCESS;
        });

        consumer.stop();

        assertTimeoutPreemptively(Duration.ofSeconds(20), consumer::run);
        assertThat(handledCount("left alone")).isZero();
        assertThat(broker.messageCount(queue)).isEqualTo(1);
    }

    @Test
    void aHeartbeatBelowOneSecondIsRefusedWithTheFix() {
        Consumer.Builder builder = Consumer.builder(Broker.URL, "any");
        assertThatThrownBy(() -> builder.heartbeat(Duration.ZERO)).isInstanceOf(ConsumerException.class)
                .hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> builder.heartbeat(Duration.ofMillis(500))).isInstanceOf(ConsumerException.class)
                .hasMessageContaining("at least 1 second");
    }

    private static Map<String, Object> headers(GetResponse response) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return headers == null ? Map.of() : headers;
    }
}
