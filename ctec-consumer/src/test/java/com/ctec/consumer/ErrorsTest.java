package com.ctec.consumer;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every mistake a user can make is one clear sentence, and the password never shows. */
class ErrorsTest {
    private final Broker broker = new Broker();

    @AfterEach
    void cleanUp() {
        broker.close();
    }

    private static Consumer withWorker(Consumer consumer) {
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);
        return consumer;
    }

    @Test
    void wrongPasswordNamesTheUserNotThePassword() {
        String queue = broker.queue("auth");
        Consumer consumer = withWorker(Consumer.builder("amqp://guest:s3cret-pw@127.0.0.1:5672/", queue).agent(false).build());
        assertThatThrownBy(consumer::start)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("refused user 'guest'")
                .hasMessageContaining("****")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void unknownVhostSaysHowToFixIt() {
        String queue = broker.queue("vhost");
        Consumer consumer = withWorker(Consumer.builder("amqp://guest:guest@127.0.0.1:5672/no-such-vhost", queue).agent(false).build());
        assertThatThrownBy(consumer::start)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("virtual host 'no-such-vhost'")
                .hasMessageContaining("add_vhost");
    }

    @Test
    void missingQueueSaysToDeclareIt() {
        Consumer consumer = withWorker(Consumer.builder(Broker.URL, "ctec-test.no-such-queue").agent(false).build());
        assertThatThrownBy(consumer::start)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("queue 'ctec-test.no-such-queue' does not exist")
                .hasMessageContaining("declare it");
    }

    @Test
    void unreachableBrokerSaysToCheckHostAndPort() {
        Consumer consumer = withWorker(Consumer.builder("amqp://u:pw123@127.0.0.1:1/", "q").agent(false).build());
        assertThatThrownBy(consumer::start)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("Cannot reach the broker at 127.0.0.1:1")
                .hasMessageNotContaining("pw123");
    }

    @Test
    void runningWithoutAWorkerSaysToRegisterOne() {
        Consumer consumer = Consumer.builder(Broker.URL, "q").agent(false).build();
        assertThatThrownBy(consumer::run)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("registerWorker");
    }

    @Test
    void aPlainWorkerWithBatchesAndABatchWorkerWithoutAreRefused() {
        Consumer batched = Consumer.builder(Broker.URL, "q").agent(false).batchSize(10).build();
        assertThatThrownBy(() -> batched.registerWorker(m -> ConsumeResult.SUCCESS))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("registerBatchWorker");
        Consumer single = Consumer.builder(Broker.URL, "q").agent(false).build();
        single.registerBatchWorker(list -> ConsumeResult.SUCCESS);
        assertThatThrownBy(single::start)
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("batchSize");
    }

    @Test
    void builderOptionsFailFastWithTheBadValue() {
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, "q").prefetch(0))
                .isInstanceOf(ConsumerException.class).hasMessageContaining("prefetch was 0");
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, "q").threads(-1))
                .isInstanceOf(ConsumerException.class).hasMessageContaining("threads was -1");
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, "q").batchTimeout(Duration.ZERO))
                .isInstanceOf(ConsumerException.class).hasMessageContaining("batchTimeout");
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, "q").batchSize(50).build())
                .isInstanceOf(ConsumerException.class).hasMessageContaining("prefetch(50)");
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, " "))
                .isInstanceOf(ConsumerException.class).hasMessageContaining("queue name is empty");
    }

    @Test
    void theConsumerNeverPrintsThePassword() {
        Consumer consumer = Consumer.builder("amqp://admin:hunter2@127.0.0.1:5672/", "q").agent(false).build();
        assertThat(consumer.toString()).contains("****").doesNotContain("hunter2");
    }
}
