package com.ctec.consumer.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one consumer: UP while RUNNING, OUT_OF_SERVICE while RECOVERING (the broker
 * connection is lost and being restored) with the reason, DOWN when not consuming (starting,
 * stopping or stopped). Details: queue, state, since when, broker, counters, last failure.
 */
final class ConsumerHealthIndicator implements HealthIndicator {
    private final ManagedConsumer consumer;

    ConsumerHealthIndicator(ManagedConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        Health.Builder health = switch (consumer.state()) {
            case RUNNING -> Health.up();
            case RECOVERING -> Health.outOfService();
            case STARTING, STOPPING, STOPPED -> Health.down();
        };
        consumer.reason().ifPresent(reason -> health.withDetail("reason", reason));
        return health.withDetails(consumer.details()).build();
    }
}
