package com.ctec.consumer.testing;

import com.ctec.consumer.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that consume from the real broker: a {@link Broker} for the test's own queues,
 * and the consumer under test, both cleaned up after each test.
 */
public abstract class RealBrokerTest {
    protected final Broker broker = new Broker();
    protected Consumer consumer;

    @AfterEach
    void closeConsumerAndDeleteQueues() {
        if (consumer != null) {
            consumer.close();
        }
        broker.close();
    }
}
