package com.ctec.consumer;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the monitoring agent reads of a consumer: each failed worker call with its error, and the queue's backlog. */
class MonitoringHooksTest extends RealBrokerTest {

    private static final class FailureRecorder implements ConsumerListener {
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void messageFailed(ConsumerInfo consumer, String error) {
            errors.add(error);
        }
    }

    @Test
    void everyFailedAttemptIsReportedWithTheExceptionClassAndMessageAndARedeliverAnswerToo() {
        String queue = broker.queue("hooks-failed");
        FailureRecorder recorder = new FailureRecorder();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(2).retryDelay(Duration.ZERO)
                .listener(recorder).build();
        consumer.registerWorker(m -> switch (m.bodyAsString()) {
            case "throw" -> throw new IllegalStateException("database timeout");
            case "redeliver" -> ConsumeResult.REDELIVER;
            default -> ConsumeResult.SUCCESS;
        });
        consumer.start();
        broker.publish(queue, "throw");
        broker.publish(queue, "redeliver");
        broker.publish(queue, "fine");

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().deadLettered() == 2);
        // Two attempts each: the first retried, the second dead-lettered; the good message is never reported.
        assertThat(recorder.errors).hasSize(4);
        assertThat(recorder.errors).filteredOn(e -> e.contains("IllegalStateException"))
                .hasSize(2).allSatisfy(e -> assertThat(e).isEqualTo("java.lang.IllegalStateException: database timeout"));
        assertThat(recorder.errors).filteredOn(e -> e.contains("REDELIVER")).hasSize(2);
    }

    @Test
    void readyMessagesIsTheQueuesBacklogFromAPassiveDeclareAndLeavesTheSubscriptionAlone() throws Exception {
        String queue = broker.queue("hooks-backlog");
        CountDownLatch release = new CountDownLatch(1);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).prefetch(1).threads(1).build();
        consumer.registerWorker(m -> {
            release.await();
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        broker.publishNumbered(queue, 6);

        // One message is held by the blocked worker (unacked), five wait in the queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.info().readyMessages().equals(OptionalLong.of(5)));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().succeeded() == 6);
        assertThat(consumer.info().readyMessages()).hasValue(0);

        broker.delete(queue);
        // A declare of a deleted queue fails on its own channel; the answer is "unknown", not an exception.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.info().readyMessages().isEmpty());
    }
}
