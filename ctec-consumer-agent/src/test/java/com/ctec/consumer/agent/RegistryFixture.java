package com.ctec.consumer.agent;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Base of the tests of what the agent writes to ZooKeeper: a {@link Broker} for their queues, a
 * {@link TestZooKeeper}, and the agent's clock, which a test moves forward by {@link #offset}
 * instead of waiting (reset after each test).
 */
abstract class RegistryFixture {
    protected final Broker broker = new Broker();
    protected final AtomicLong offset = new AtomicLong();
    protected final LongSupplier clock = () -> System.currentTimeMillis() + offset.get();
    protected TestZooKeeper zk;

    @BeforeEach
    void startZooKeeperAndTheAgentsClock() throws Exception {
        zk = new TestZooKeeper(clock);
        ProcessAgent.clock(clock);
    }

    @AfterEach
    void stopZooKeeperAndDeleteQueues() throws Exception {
        ProcessAgent.clock(System::currentTimeMillis);
        zk.close();
        broker.close();
    }
}
