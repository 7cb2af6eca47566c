package com.ctec.consumer.agent;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerListenerFactory;
import com.ctec.consumer.spi.RegistryCredentials;

/**
 * Plugs the monitoring agent (ZooKeeper registry, {@code /metrics}, {@code /health}) into every
 * consumer built with {@code agent(true)}; the core finds it with {@link java.util.ServiceLoader}.
 */
public final class AgentListenerFactory implements ConsumerListenerFactory {
    /** Without credentials: an open registry (the engine calls the other method). */
    @Override
    public ConsumerListener create(ConsumerInfo consumer) {
        return create(consumer, RegistryCredentials.none());
    }

    @Override
    public ConsumerListener create(ConsumerInfo consumer, RegistryCredentials credentials) {
        return new ConsumerTap(consumer, credentials, ProcessAgent.instance());
    }
}
