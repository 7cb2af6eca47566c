package com.ctec.consumer.agent;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerListenerFactory;

/**
 * Plugs the monitoring agent (ZooKeeper registry, {@code /metrics}, {@code /health}) into every
 * consumer built with {@code agent(true)}; the core finds it with {@link java.util.ServiceLoader}.
 */
public final class AgentListenerFactory implements ConsumerListenerFactory {
    @Override
    public ConsumerListener create(ConsumerInfo consumer) {
        return new ConsumerTap(consumer, ProcessAgent.instance());
    }
}
