package com.ctec.consumer.spi;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumerStats;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a listener may read of a consumer: its settings (never a password: the ZooKeeper digest
 * goes to the agent alone, as {@link RegistryCredentials}) and its live state.
 * Implemented by the engine; every method is cheap and thread-safe.
 */
public interface ConsumerInfo {
    /** The application name ({@code appName}), or "" when none was given. */
    String appName();

    /** The application description ({@code appDesc}), or "". */
    String appDesc();

    /** The queue consumed. */
    String queue();

    /** The virtual host, "/" by default. */
    String vhost();

    /** The brokers of the URL as {@code host:port[,host:port]}. */
    String brokers();

    /** The URL with the password shown as {@code ****}. */
    String redactedUrl();

    /** The broker currently connected ({@code host:port}), or empty while disconnected. */
    Optional<String> connectedBroker();

    /** The local address of the consuming connection, or empty while disconnected. */
    Optional<String> localAddress();

    /** The prefetch (basic.qos) of the subscription. */
    int prefetch();

    /** Worker threads (THREADS mode). */
    int threads();

    /** The concurrency mode. */
    ConcurrencyMode mode();

    /** Messages per batch; 1 without batches. */
    int batchSize();

    /** ZooKeeper connect string for the registry, or empty when none is configured. */
    Optional<String> zookeeper();

    /** The registry's root znode, {@code /ctec-consumer} by default. */
    String zookeeperRoot();

    /** How often the agent rewrites the registry entry. */
    Duration agentInterval();

    /** The port of the agent's HTTP endpoint ({@code /metrics}, {@code /health}); 0 means off. */
    int metricsPort();

    /** The address the agent's HTTP endpoint listens on, 127.0.0.1 unless {@code metricsBind} said otherwise. */
    default String metricsBind() {
        return "127.0.0.1";
    }

    /** The consumer's state now. */
    ConsumerState state();

    /** The consumer's counters now. */
    ConsumerStats stats();

    /**
     * The messages ready in the queue now, from a passive declare on the consumer's connection (no
     * management API); empty while disconnected or when the declare fails. Blocks for one round trip
     * to the broker: call it from a thread of your own, never from a hook.
     */
    default OptionalLong readyMessages() {
        return OptionalLong.empty();
    }
}
