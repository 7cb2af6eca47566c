package com.ctec.consumer;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import com.ctec.consumer.testing.Management;
import com.ctec.consumer.testing.RecordingLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Graceful stop and recovery from lost connections and server-side cancels. */
class StopAndRecoveryTest extends RealBrokerTest {

    /** Records state changes, as the agent would see them. */
    private static final class RecordingListener implements ConsumerListener {
        final List<ConsumerState> states = new CopyOnWriteArrayList<>();

        @Override
        public void stateChanged(ConsumerInfo consumer, ConsumerState from, ConsumerState to) {
            states.add(to);
        }
    }

    private Set<String> startConsumerRecordingBodies(String queue, RecordingListener listener) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).listener(listener).build();
        consumer.registerWorker(m -> {
            seen.add(m.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        return seen;
    }

    @Test
    void stopLetsInFlightWorkersFinishAndGivesUnstartedMessagesBack() {
        String queue = broker.queue("stop");
        broker.publishNumbered(queue, 10);
        AtomicInteger started = new AtomicInteger();
        Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).threads(2).prefetch(10).build();
        consumer.registerWorker(m -> {
            started.incrementAndGet();
            Thread.sleep(800);
            finished.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet();
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() >= 2);

        consumer.close();

        // Counted from what started (two, unless this thread was held up for 800 ms), not assumed.
        int inFlight = started.get();
        assertThat(inFlight).isLessThan(10);
        assertThat(finished).hasSize(inFlight);
        assertThat(finished.values()).allMatch(count -> count.get() == 1);
        assertThat(consumer.stats().succeeded()).isEqualTo(inFlight);
        // Nothing lost, nothing acked twice: the prefetched-but-unstarted messages are back in the queue.
        assertThat(broker.messageCount(queue)).isEqualTo(10 - inFlight);
    }

    @ParameterizedTest
    @EnumSource(value = ConcurrencyMode.class, names = {"THREADS", "VIRTUAL_THREADS"})
    void stopGivesUpOnAWorkerThatOutlivesTheShutdownTimeoutAndItsMessageComesBack(ConcurrencyMode mode) {
        String queue = broker.queue("stop-timeout-" + mode);
        broker.publish(queue, "forever");
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        List<String> warnings = new CopyOnWriteArrayList<>();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).mode(mode).shutdownTimeout(Duration.ofMillis(500))
                .slowWorkerWarning(Duration.ofMillis(300)).logger(new RecordingLogger(warnings)).build();
        consumer.registerWorker(m -> {
            started.incrementAndGet();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            finished.incrementAndGet();
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> warnings.stream().anyMatch(w -> w.contains("has been running")));

        consumer.close();

        // close() returned although the worker would sleep ten minutes: it gave up after the timeout, and said so.
        assertThat(finished).hasValue(0);
        assertThat(warnings).anyMatch(w -> w.contains("still in progress after the shutdown timeout"));
        assertThat(broker.messageCount(queue)).isEqualTo(1);
        // Its thread is interrupted, in either mode (virtual threads have no pool: the running calls are interrupted).
        await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.get() == 1);
    }

    @Test
    void aClosedConnectionIsRecoveredAndConsumingGoesOn() {
        String queue = broker.queue("recover");
        RecordingListener listener = new RecordingListener();
        Set<String> seen = startConsumerRecordingBodies(queue, listener);
        broker.publish(queue, "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("before"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Management.closeConnectionsNamed("ctec-consumer " + queue) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.states.contains(ConsumerState.RECOVERING));
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.state() == ConsumerState.RUNNING);
        broker.publish(queue, "after");

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("after"));
        assertThat(listener.states).containsSubsequence(ConsumerState.RUNNING, ConsumerState.RECOVERING, ConsumerState.RUNNING);
    }

    @Test
    void aConsumerCancelledByTheBrokerIsReportedAndSubscribesAgain() {
        String queue = broker.queue("cancel");
        RecordingListener listener = new RecordingListener();
        Set<String> seen = startConsumerRecordingBodies(queue, listener);

        broker.delete(queue);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.state() == ConsumerState.RECOVERING);
        broker.declare(queue, Map.of());
        broker.publish(queue, "back");

        await().atMost(Duration.ofSeconds(40)).until(() -> seen.contains("back"));
        assertThat(consumer.state()).isEqualTo(ConsumerState.RUNNING);
    }

    @Test
    void resultsOfDeliveriesFromALostChannelAreNeverAckedOnTheNewOne() throws Exception {
        String queue = broker.queue("stale");
        broker.publishNumbered(queue, 5);
        AtomicInteger calls = new AtomicInteger();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        CountDownLatch connectionCut = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener();
        consumer = Consumer.builder(Broker.URL, queue).agent(false).threads(5).listener(listener).build();
        consumer.registerWorker(m -> {
            if (calls.incrementAndGet() <= 5) {
                connectionCut.await(60, TimeUnit.SECONDS);   // still working when the connection is cut
            }
            succeeded.add(m.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 5);
        // The management API lists a connection a few seconds after it opens.
        await().atMost(Duration.ofSeconds(30)).until(() -> Management.closeConnectionsNamed("ctec-consumer " + queue) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.states.contains(ConsumerState.RECOVERING));
        connectionCut.countDown();

        // The 5 come again on the new channel and are handled there; the old results are dropped.
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 10 && consumer.stats().inFlight() == 0);
        assertThat(succeeded).hasSize(5);
        assertThat(broker.messageCount(queue)).isZero();
        assertThat(consumer.stats().succeeded()).isEqualTo(5);
    }
}
