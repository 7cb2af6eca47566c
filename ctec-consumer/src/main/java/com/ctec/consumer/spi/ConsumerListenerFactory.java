package com.ctec.consumer.spi;

/**
 * Found with {@link java.util.ServiceLoader} when a consumer is built with {@code agent(true)}:
 * the agent artifact registers one in
 * {@code META-INF/services/com.ctec.consumer.spi.ConsumerListenerFactory}.
 */
public interface ConsumerListenerFactory {
    /** Creates the listener for one consumer; called once, when the consumer starts. */
    ConsumerListener create(ConsumerInfo consumer);

    /**
     * Creates the listener for one consumer, with the registry credentials only the agent may hold
     * (the engine calls this one); by default it drops them and calls {@link #create(ConsumerInfo)}.
     */
    default ConsumerListener create(ConsumerInfo consumer, RegistryCredentials credentials) {
        return create(consumer);
    }
}
