package com.ctec.consumer.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ctec.consumer.*}: settings shared by every consumer (url, app-name, zookeeper, prefetch,
 * ...) and the named consumers under {@code ctec.consumer.consumers.<name>.*}, each with its own
 * queue and worker and any setting of its own, like the CLI's config file.
 *
 * <pre>{@code
 * ctec:
 *   consumer:
 *     url: amqp://guest:guest@127.0.0.1:5672/journal
 *     zookeeper: 127.0.0.1:2181
 *     consumers:
 *       save:
 *         queue: q.journal.loginsync.save
 *         max-attempts: 3
 * }</pre>
 */
@ConfigurationProperties(prefix = CtecConsumerProperties.PREFIX)
public class CtecConsumerProperties extends ConsumerSettings {
    /** Where the settings live. */
    public static final String PREFIX = "ctec.consumer";

    /** Whether the starter builds and starts consumers at all; default true. */
    private boolean enabled = true;

    /** The consumers by name; the name shows in health, the endpoint and error messages. */
    private Map<String, ConsumerSettings> consumers = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, ConsumerSettings> getConsumers() {
        return consumers;
    }

    public void setConsumers(Map<String, ConsumerSettings> consumers) {
        this.consumers = consumers;
    }
}
