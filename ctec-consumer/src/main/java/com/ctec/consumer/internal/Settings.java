package com.ctec.consumer.internal;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.spi.ConsumerListener;
import org.slf4j.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Every option of one consumer, validated by {@code Consumer.Builder}; immutable. */
public record Settings(AmqpUrl url, String queue, Logger logger, int prefetch, int threads, Duration heartbeat,
                       String consumerTag, boolean rpc, int batchSize, Duration batchTimeout, boolean agent,
                       String appName, String appDesc, String zookeeper, String zookeeperDigest, String zookeeperRoot,
                       Duration agentInterval, int metricsPort, String metricsBind, ConcurrencyMode mode, int processes,
                       Duration shutdownTimeout, int maxAttempts, Duration retryDelay, double retryBackoffMultiplier,
                       Duration retryBackoffMax, String deadLetterExchange, String deadLetterRoutingKey,
                       int managementPort, URI managementUrl, Duration slowWorkerWarning, List<ConsumerListener> listeners) {

    /** Whether batches are on. */
    public boolean batches() {
        return batchSize > 1;
    }

    @Override
    public String toString() {
        // Never the URL's password: records print every component by default.
        return "Settings{url=" + url.redacted() + ", queue=" + queue + ", prefetch=" + prefetch + ", threads=" + threads
                + ", mode=" + mode + ", batchSize=" + batchSize + "}";
    }
}
