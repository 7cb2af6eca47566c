package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression for the first bug scenario 7 found (docs/reliability.md, "Findings"): a message whose
 * attempt headers add up beyond a long ({@code x-ctec-attempt} = Long.MAX_VALUE and
 * {@code x-delivery-count} ≥ 1) made {@code Headers.attempt} overflow; the {@code WorkerMessage}
 * constructor threw in {@code handleDelivery}, the client closed the channel, the engine
 * reconnected and got the same message first again: about 140 reconnects a second, and no message
 * behind it was ever handled. Fixed in the core by 7792a62.
 */
@Tag("fast")
class PoisonHeaderTest {
    static final int NODE = 2;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, Long.MAX_VALUE})
    void aMessageWithOverflowingAttemptHeadersDoesNotStopTheConsumer(long deliveryCount) {
        try (Broker client = Nodes.client(NODE)) {
            String queue = client.queue("poison-header");
            client.publish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2)
                            .headers(Map.of("x-ctec-attempt", Long.MAX_VALUE, "x-delivery-count", deliveryCount)).build(),
                    "poison".getBytes(StandardCharsets.UTF_8));
            client.publishAll(queue, 0, 100, Ids::body);
            Checker checker = new Checker(100);
            CapturingLogger log = new CapturingLogger("poison-header");
            Consumer consumer = Setup.of(Nodes.url(NODE), queue, 0).builder().logger(log).build();
            consumer.registerWorker(message -> {
                checker.handled(Ids.id(message.body()));
                return ConsumeResult.SUCCESS;
            });
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(checker::allHandled);
            } finally {
                consumer.close();
                System.out.println("reconnects: " + log.matching("Recovered: consuming").size());
            }
            assertThat(log.matching("Recovered: consuming")).isEmpty();
        }
    }
}
