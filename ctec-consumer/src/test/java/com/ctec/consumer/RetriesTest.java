package com.ctec.consumer;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.Management;
import com.ctec.consumer.testing.RealBrokerTest;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Poison messages: bounded attempts, delayed retries, dead letters with their reason, batches. */
class RetriesTest extends RealBrokerTest {

    private String queueOfType(String type, String prefix) {
        return type.equals("quorum") ? broker.queue(prefix, Map.of("x-queue-type", "quorum")) : broker.queue(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "quorum"})
    void goodMessagesAreHandledOnceAndPoisonOnesExactlyMaxAttemptsTimesThenDeadLettered(String type) {
        String queue = queueOfType(type, "poison-" + type);
        broker.publishNumbered(queue, 100);
        Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(3).build();
        consumer.registerWorker(m -> {
            attempts.computeIfAbsent(m.bodyAsString(), k -> new CopyOnWriteArrayList<>()).add(m.attempt());
            if (Integer.parseInt(m.bodyAsString()) % 10 == 0) {
                throw new IllegalArgumentException("poison " + m.bodyAsString());
            }
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.stats().inFlight() == 0);
        for (int i = 0; i < 100; i++) {
            List<Integer> seen = attempts.get(Integer.toString(i));
            assertThat(seen).as("attempts of message %d", i).isEqualTo(i % 10 == 0 ? List.of(1, 2, 3) : List.of(1));
        }
        for (GetResponse letter : broker.drain(dlq)) {
            Map<String, Object> headers = letter.getProps().getHeaders();
            String body = new String(letter.getBody(), StandardCharsets.UTF_8);
            assertThat(headers.get("x-ctec-exception").toString()).contains("IllegalArgumentException", "poison " + body);
            assertThat(headers.get("x-ctec-attempts")).isEqualTo(3);
            assertThat(headers.get("x-ctec-original-queue").toString()).isEqualTo(queue);
            assertThat(Instant.parse(headers.get("x-ctec-failed-at").toString())).isBefore(Instant.now().plusSeconds(1));
        }
        assertThat(broker.messageCount(queue)).isZero();
        assertThat(consumer.stats().succeeded()).isEqualTo(90);
        assertThat(consumer.stats().redelivered()).isEqualTo(20);
    }

    /**
     * T4 (docs/reliability.md): a classic queue of the engine's own lives on one node, so next to a
     * replicated source queue it would be the one thing a node's loss stops. On this one-node broker
     * only the source queue's type tells; a cluster of three tells too (OwnQueueTypeTest, TortureTest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "quorum"})
    void theEnginesOwnDelayAndDeadLetterQueuesTakeTheSourceQueuesTypeAndStillWork(String type) {
        String queue = queueOfType(type, "own-" + type);
        String delayQueue = queue + ".retry.300ms";
        broker.deleteAtClose(delayQueue);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(2).retryDelay(Duration.ofMillis(300)).build();
        consumer.registerWorker(m -> {
            attempts.add(m.attempt());
            return ConsumeResult.REDELIVER;
        });
        consumer.start();
        broker.publish(queue, "twice");

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 1);
        assertThat(attempts).as("through the %s delay queue and back once, then dead-lettered", type).containsExactly(1, 2);
        assertThat(Management.queueType(delayQueue)).isEqualTo(type);
        assertThat(Management.queueType(dlq)).isEqualTo(type);
        assertThat(broker.drain(dlq)).singleElement()
                .satisfies(letter -> assertThat(letter.getProps().getHeaders().get("x-ctec-attempts")).isEqualTo(2));
    }

    @Test
    void aDelayedRetryWaitsInItsDelayQueueWithoutBlockingOtherMessagesOrSpinning() {
        String queue = broker.queue("delay");
        Map<String, List<Long>> handledAt = new ConcurrentHashMap<>();
        // 5 s: "good" must be published and handled while "flaky" waits, even on a machine that pauses for seconds.
        consumer = Consumer.builder(Broker.URL, queue).agent(false).retryDelay(Duration.ofSeconds(5)).build();
        consumer.registerWorker(m -> {
            handledAt.computeIfAbsent(m.bodyAsString(), k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            return m.bodyAsString().equals("flaky") && m.attempt() == 1 ? ConsumeResult.REDELIVER : ConsumeResult.SUCCESS;
        });
        consumer.start();
        broker.publish(queue, "flaky");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.queueExists(queue + ".retry.5000ms")
                && broker.messageCount(queue + ".retry.5000ms") == 1);
        long deliveredWhileWaiting = consumer.stats().delivered();
        broker.publish(queue, "good");

        await().atMost(Duration.ofSeconds(5)).until(() -> handledAt.containsKey("good"));
        assertThat(handledAt.get("flaky")).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> handledAt.get("flaky").size() == 2);
        List<Long> flaky = handledAt.get("flaky");
        assertThat(Duration.ofNanos(flaky.get(1) - flaky.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(4900));
        // No hot loop: while it waited, only "good" was delivered.
        assertThat(consumer.stats().delivered()).isEqualTo(deliveredWhileWaiting + 2);
        broker.delete(queue + ".retry.5000ms");
    }

    @Test
    void backoffGrowsTheDelayUpToItsMaximum() {
        String queue = broker.queue("backoff");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(4)
                .retryDelay(Duration.ofMillis(200)).retryBackoff(3.0, Duration.ofMillis(1000)).build();
        consumer.registerWorker(m -> {
            attempts.add(m.attempt());
            return ConsumeResult.REDELIVER;
        });
        consumer.start();
        broker.publish(queue, "always fails");

        await().atMost(Duration.ofSeconds(15)).until(() -> broker.queueExists(queue + ".dlq") && broker.messageCount(queue + ".dlq") == 1);
        assertThat(attempts).containsExactly(1, 2, 3, 4);
        for (String delayQueue : List.of(".retry.200ms", ".retry.600ms", ".retry.1000ms")) {
            assertThat(broker.queueExists(queue + delayQueue)).as(delayQueue).isTrue();
            broker.delete(queue + delayQueue);
        }
    }

    @Test
    void nothingIsLostWhenTheConsumerRestartsDuringARetryDelay() {
        String queue = broker.queue("restart-delay");
        String delayQueue = queue + ".retry.1500ms";
        List<Integer> attemptsBefore = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).retryDelay(Duration.ofMillis(1500)).build();
        consumer.registerWorker(m -> {
            attemptsBefore.add(m.attempt());
            return ConsumeResult.REDELIVER;
        });
        consumer.start();
        broker.publish(queue, "survivor");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.queueExists(delayQueue) && broker.messageCount(delayQueue) == 1);
        consumer.close();

        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).retryDelay(Duration.ofMillis(1500)).build();
        consumer.registerWorker(m -> {
            attempts.add(m.attempt());
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 1);
        // The count goes on where the first consumer left it (a slow stop may let it see the message twice).
        assertThat(attempts).containsExactly(attemptsBefore.get(attemptsBefore.size() - 1) + 1);
        broker.delete(delayQueue);
    }

    @Test
    void aFailedBatchRetriesItsMessagesOneByOneSoOnlyThePoisonOneIsDeadLettered() {
        String queue = broker.queue("batch-poison");
        broker.publishNumbered(queue, 5);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(3).batchSize(5).prefetch(10)
                .batchTimeout(Duration.ofSeconds(5)).build(); // Five are queued: the batch is full at once; retries go alone.
        consumer.registerBatchWorker(batch -> {
            batchSizes.add(batch.size());
            batch.forEach(m -> calls.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet());
            boolean poisoned = batch.stream().anyMatch(m -> m.bodyAsString().equals("3"));
            return poisoned ? ConsumeResult.REDELIVER : ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> broker.queueExists(queue + ".dlq") && broker.messageCount(queue + ".dlq") == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.stats().succeeded() == 4);
        assertThat(new String(broker.get(queue + ".dlq").getBody(), StandardCharsets.UTF_8)).isEqualTo("3");
        assertThat(batchSizes.get(0)).isEqualTo(5);
        assertThat(batchSizes.subList(1, batchSizes.size())).containsOnly(1);
        assertThat(calls.get("3").get()).isEqualTo(3);
        assertThat(calls.get("0").get()).isEqualTo(2);
    }

    @Test
    void theDeadLetterOptionIsUsedWhenTheQueueHasNoDeadLetterExchange() {
        String exchange = broker.uniqueName("my-dlx");
        broker.exchange(exchange, "direct");
        String parking = broker.queue("parking");
        broker.bind(parking, exchange, "parked");
        String queue = broker.queue("option-dlx");
        broker.publish(queue, "reject me");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).deadLetter(exchange, "parked").build();
        consumer.registerWorker(m -> ConsumeResult.REJECT);
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(parking) == 1);
        assertThat(broker.queueExists(queue + ".dlq")).isFalse();
    }

    @Test
    void deadLettersCanBeListedAndMovedBackToTheirQueue() {
        String queue = broker.queue("on-call");
        broker.publishNumbered(queue, 3);
        AtomicInteger phase = new AtomicInteger();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> phase.get() == 0 ? ConsumeResult.REJECT : ConsumeResult.SUCCESS);
        consumer.start();
        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 3);

        try (DeadLetters deadLetters = DeadLetters.connect(Broker.URL)) {
            List<DeadLetters.DeadLetter> letters = deadLetters.list(dlq, 10);
            assertThat(letters).hasSize(3);
            assertThat(letters.get(0).originalQueue()).isEqualTo(queue);
            assertThat(letters.get(0).exception()).contains("REJECT");
            assertThat(broker.messageCount(dlq)).as("looking removes nothing").isEqualTo(3);

            phase.set(1);
            int moved = deadLetters.moveBack(dlq, letter -> !letter.bodyAsString().equals("2"));
            assertThat(moved).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().succeeded() == 2);
        assertThat(broker.messageCount(dlq)).isEqualTo(1);
    }
}
