package com.ctec.consumer;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** THREADS and VIRTUAL_THREADS: how many workers run at once, and batches in both modes. */
class ConcurrencyModesTest extends RealBrokerTest {

    /**
     * Counts workers running at the same moment. The first {@code together} workers wait until that
     * many run at once (or 30 s pass, once): the peak is then what the engine allows, not how fast
     * deliveries happened to arrive compared with a worker's sleep.
     */
    private static final class ConcurrencyGauge {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
        final Set<String> threadNames = ConcurrentHashMap.newKeySet();
        final CountDownLatch together;
        volatile boolean gaveUp;

        ConcurrencyGauge(int together) {
            this.together = new CountDownLatch(together);
        }

        ConsumeResult blockFor(long millis) throws InterruptedException {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            virtual.add(Thread.currentThread().isVirtual());
            threadNames.add(Thread.currentThread().getName().replaceAll("-\\d+$", "-N"));
            try {
                together.countDown();
                if (!gaveUp && !together.await(30, TimeUnit.SECONDS)) {
                    gaveUp = true; // Fewer ran at once than expected: the peak says how many.
                }
                Thread.sleep(millis);
            } finally {
                running.decrementAndGet();
            }
            return ConsumeResult.SUCCESS;
        }
    }

    @Test
    void virtualThreadsRunOneWorkerPerDeliveryInFlightUpToPrefetch() {
        String queue = broker.queue("vt");
        broker.publishNumbered(queue, 400);
        ConcurrencyGauge gauge = new ConcurrencyGauge(100);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).mode(ConcurrencyMode.VIRTUAL_THREADS)
                .prefetch(100).threads(5).build();
        consumer.registerWorker(m -> gauge.blockFor(20));
        consumer.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> consumer.stats().succeeded() == 400);
        // Blocking workers are not capped at threads(5): one runs per delivery in flight, as many as the prefetch.
        assertThat(gauge.peak.get()).isEqualTo(100);
        assertThat(gauge.virtual).containsExactly(true);
    }

    @Test
    void threadsModeRunsAtMostThreadsWorkersOnPlatformThreads() {
        String queue = broker.queue("threads");
        broker.publishNumbered(queue, 60);
        ConcurrencyGauge gauge = new ConcurrencyGauge(3);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).threads(3).prefetch(30).build();
        consumer.registerWorker(m -> gauge.blockFor(10));
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.stats().succeeded() == 60);
        assertThat(gauge.peak.get()).isEqualTo(3);
        assertThat(gauge.virtual).containsExactly(false);
        // Deliveries arrive on the connection's own thread; user code never runs there, only on the worker pool.
        assertThat(gauge.threadNames).containsExactly("ctec-worker-" + queue + "-N");
    }

    @Test
    void aSlowMessageNeverHoldsUpTheOthersWhileAThreadIsFree() {
        String queue = broker.queue("slow-first");
        broker.publishNumbered(queue, 6);
        CountDownLatch othersDone = new CountDownLatch(5);
        AtomicInteger slowWaitedInVain = new AtomicInteger();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).threads(2).prefetch(30).build();
        // Message 0 comes first and finishes only once the five behind it are done: they must run on the other thread.
        consumer.registerWorker(m -> {
            if (m.bodyAsString().equals("0")) {
                if (!othersDone.await(30, TimeUnit.SECONDS)) {
                    slowWaitedInVain.incrementAndGet();
                }
            } else {
                othersDone.countDown();
            }
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.stats().succeeded() == 6);
        assertThat(slowWaitedInVain.get()).isZero();
        assertThat(broker.messageCount(queue)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ConcurrencyMode.class, names = {"THREADS", "VIRTUAL_THREADS"})
    void batchesAreFullAndAPartialBatchIsHandedOverAfterTheTimeout(ConcurrencyMode mode) {
        String queue = broker.queue("batch-" + mode);
        broker.publishNumbered(queue, 25);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).mode(mode).threads(1)
                .batchSize(10).prefetch(30).batchTimeout(Duration.ofSeconds(1)).build();
        consumer.registerBatchWorker(batch -> {
            sizes.add(batch.size());
            batch.forEach(m -> seen.add(m.bodyAsString()));
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 25);
        assertThat(seen).hasSize(25);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
        assertThat(sizes).allMatch(size -> size <= 10);
        assertThat(sizes).contains(10);
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void aRejectedBatchDeadLettersEveryMessageOfIt() {
        String queue = broker.queue("batch-reject");
        broker.publishNumbered(queue, 4);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).batchSize(4).prefetch(10)
                .batchTimeout(Duration.ofMillis(200)).build();
        consumer.registerBatchWorker(batch -> ConsumeResult.REJECT);
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueExists(queue + ".dlq") && broker.messageCount(queue + ".dlq") == 4);
        // The counters move when the broker has confirmed the dead letters, a moment after they are visible in the queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.stats().rejected() == 4);
    }
}
