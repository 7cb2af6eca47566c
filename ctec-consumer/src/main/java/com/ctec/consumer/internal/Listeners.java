package com.ctec.consumer.internal;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerListenerFactory;
import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.spi.Outcome;
import com.ctec.consumer.spi.RegistryCredentials;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** All listeners of one consumer behind one listener; a listener that throws is logged and ignored. */
public final class Listeners implements ConsumerListener {
    private final List<ConsumerListener> all;
    private final Logger log;

    private Listeners(List<ConsumerListener> all, Logger log) {
        this.all = List.copyOf(all);
        this.log = log;
    }

    /**
     * The user's listeners plus, with {@code agent(true)}, those of the agent artifact found on the
     * classpath; only the latter get the registry credentials.
     */
    public static Listeners create(Settings settings, ConsumerInfo info) {
        List<ConsumerListener> listeners = new ArrayList<>(settings.listeners());
        if (settings.agent()) {
            List<ConsumerListenerFactory> factories = new ArrayList<>();
            try {
                ServiceLoader.load(ConsumerListenerFactory.class).forEach(factories::add);
            } catch (ServiceConfigurationError e) {
                settings.logger().warn("The monitoring agent could not be loaded ({}): the consumer runs without it.", e.getMessage());
            }
            if (factories.isEmpty()) {
                settings.logger().info("agent(true) but the monitoring agent is not on the classpath: add the artifact "
                        + "com.ctec:ctec-consumer-agent, or set agent(false) to silence this line.");
            }
            for (ConsumerListenerFactory factory : factories) {
                try {
                    listeners.add(factory.create(info, RegistryCredentials.of(settings.zookeeperDigest())));
                } catch (RuntimeException | LinkageError e) {
                    settings.logger().warn("The monitoring agent {} failed to start ({}): the consumer runs without it.",
                            factory.getClass().getName(), e.toString());
                }
            }
        }
        return new Listeners(listeners, settings.logger());
    }

    @Override
    public void consumerStarted(ConsumerInfo consumer) {
        each(l -> l.consumerStarted(consumer));
    }

    @Override
    public void stateChanged(ConsumerInfo consumer, ConsumerState from, ConsumerState to) {
        each(l -> l.stateChanged(consumer, from, to));
    }

    @Override
    public void messageDelivered(ConsumerInfo consumer) {
        if (!all.isEmpty()) {   // per message: not even a lambda when nobody listens
            each(l -> l.messageDelivered(consumer));
        }
    }

    @Override
    public void messageSettled(ConsumerInfo consumer, Outcome outcome, long handlerNanos) {
        if (!all.isEmpty()) {
            each(l -> l.messageSettled(consumer, outcome, handlerNanos));
        }
    }

    @Override
    public void messageFailed(ConsumerInfo consumer, String error) {
        each(l -> l.messageFailed(consumer, error));
    }

    @Override
    public void consumerStopped(ConsumerInfo consumer) {
        each(l -> l.consumerStopped(consumer));
    }

    private void each(Consumer<ConsumerListener> call) {
        for (ConsumerListener listener : all) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("Listener {} threw; ignored (listeners must not throw)", listener.getClass().getName(), e);
            }
        }
    }
}
