package com.ctec.consumer.spring;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Consumers start and stop with the context: a graceful drain on close, and a failed start that fails the context in one sentence. */
class LifecycleTest {
    private final Broker broker = new Broker();

    @AfterEach
    void deleteQueues() {
        broker.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SlowApp {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final List<String> STARTED = new CopyOnWriteArrayList<>();
        static final List<String> FINISHED = new CopyOnWriteArrayList<>();

        @Bean
        SlowWorkers slowWorkers() {
            return new SlowWorkers();
        }
    }

    static class SlowWorkers {
        @CtecWorker(consumer = "slow")
        ConsumeResult handle(WorkerMessage message) throws InterruptedException {
            SlowApp.STARTED.add(message.bodyAsString());
            SlowApp.RELEASE.await(30, TimeUnit.SECONDS);
            SlowApp.FINISHED.add(message.bodyAsString());
            return ConsumeResult.SUCCESS;
        }
    }

    @Test
    void closingTheContextDrainsTheMessagesInFlightBeforeItReturns() throws Exception {
        String queue = broker.queue("boot-drain");
        broker.publishNumbered(queue, 20);
        ConfigurableApplicationContext context = start(SlowApp.class, "ctec.consumer.consumers.slow.queue=" + queue,
                "ctec.consumer.consumers.slow.threads=4", "ctec.consumer.consumers.slow.prefetch=4");
        await().atMost(Duration.ofSeconds(20)).until(() -> SlowApp.STARTED.size() == 4);

        Thread closing = Thread.ofPlatform().start(context::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(CtecConsumers.class).get("slow").orElseThrow().state().name().equals("STOPPING"));
        assertThat(closing.isAlive()).as("close waits for the workers in flight").isTrue();
        SlowApp.RELEASE.countDown();
        closing.join(30_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(SlowApp.FINISHED).containsExactlyInAnyOrderElementsOf(SlowApp.STARTED);
        assertThat(SlowApp.FINISHED.size() + broker.messageCount(queue)).as("acknowledged or still queued, none lost").isEqualTo(20);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlainApp {
        @Bean
        com.ctec.consumer.Worker plainWorker() {
            return message -> ConsumeResult.SUCCESS;
        }
    }

    @Test
    void aQueueThatDoesNotExistFailsTheContextWithTheConsumersOneSentence() {
        String missing = broker.uniqueName("boot-missing");
        assertThatThrownBy(() -> start(PlainApp.class, "ctec.consumer.consumers.orders.queue=" + missing,
                "ctec.consumer.consumers.orders.worker=plainWorker"))
                .hasCauseInstanceOf(ConsumerException.class)
                .satisfies(e -> {
                    FailureAnalysis analysis = new ConsumerStartFailureAnalyzer().analyze(e);
                    assertThat(analysis.getDescription()).startsWith("Consumer 'orders' did not start: ").contains(missing)
                            .doesNotContain("\n");
                });
    }

    @Test
    void aBadValueNamesThePropertyItCameFrom() {
        assertThatThrownBy(() -> start(PlainApp.class, "ctec.consumer.prefetch=0", "ctec.consumer.consumers.orders.queue=q",
                "ctec.consumer.consumers.orders.worker=plainWorker"))
                .satisfies(e -> assertThat(new ConsumerStartFailureAnalyzer().analyze(e).getDescription())
                        .isEqualTo("Consumer 'orders': prefetch was 0: use 1 to 65535 (100-300 suits fast workers) (ctec.consumer.prefetch)."));
        assertThatThrownBy(() -> start(PlainApp.class, "ctec.consumer.consumers.orders.queue=q", "ctec.consumer.consumers.orders.mode=PROCESSES",
                "ctec.consumer.consumers.orders.worker=plainWorker"))
                .satisfies(e -> assertThat(new ConsumerStartFailureAnalyzer().analyze(e).getDescription())
                        .contains("mode PROCESSES", "use THREADS or VIRTUAL_THREADS", "(ctec.consumer.consumers.orders.mode)"));
    }

    @Test
    void aConsumerWithoutAWorkerOrWithAnUnknownBeanSaysWhatToDo() {
        assertThatThrownBy(() -> start(PlainApp.class, "ctec.consumer.consumers.orders.queue=q"))
                .satisfies(e -> assertThat(new ConsumerStartFailureAnalyzer().analyze(e).getDescription())
                        .isEqualTo("Consumer 'orders' has no worker: set ctec.consumer.consumers.orders.worker to the name of a Worker "
                                + "or BatchWorker bean, or annotate a method with @CtecWorker(consumer = \"orders\")."));
        assertThatThrownBy(() -> start(PlainApp.class, "ctec.consumer.consumers.orders.queue=q", "ctec.consumer.consumers.orders.worker=nope"))
                .satisfies(e -> assertThat(new ConsumerStartFailureAnalyzer().analyze(e).getDescription())
                        .contains("names worker bean 'nope', which does not exist: name one of [plainWorker]"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TwoWorkersApp {
        @Bean
        com.ctec.consumer.Worker plainWorker() {
            return message -> ConsumeResult.SUCCESS;
        }

        @Bean
        SlowWorkers annotated() {
            return new SlowWorkers();
        }
    }

    @Test
    void aConsumerWithTwoWorkersNamesBoth() {
        assertThatThrownBy(() -> start(TwoWorkersApp.class, "ctec.consumer.consumers.slow.queue=q", "ctec.consumer.consumers.slow.worker=plainWorker"))
                .satisfies(e -> assertThat(new ConsumerStartFailureAnalyzer().analyze(e).getDescription())
                        .isEqualTo("Consumer 'slow' has 2 workers (bean 'plainWorker', @CtecWorker method SlowWorkers.handle of bean "
                                + "'annotated'): keep one of them."));
    }

    @Test
    void enabledFalseBuildsNoConsumerEvenForAMissingQueue() {
        try (ConfigurableApplicationContext context = start(TwoWorkersApp.class, "ctec.consumer.enabled=false",
                "ctec.consumer.consumers.slow.queue=" + broker.uniqueName("never-declared"))) {
            assertThat(context.getBeanNamesForType(CtecConsumers.class)).isEmpty();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).properties(properties)
                .properties("ctec.consumer.url=" + Broker.URL, "ctec.consumer.zookeeper=", "spring.main.banner-mode=off").run();
    }
}
