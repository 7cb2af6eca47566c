package com.ctec.consumer.spring;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

import java.util.stream.Stream;

/** {@code /actuator/health/ctecConsumers/<name>}: a {@link ConsumerHealthIndicator} per consumer, read live. */
final class ConsumersHealth implements CompositeHealthContributor {
    private final CtecConsumers consumers;

    ConsumersHealth(CtecConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return consumers.get(name).map(ConsumerHealthIndicator::new).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return consumers.all().values().stream().map(c -> new Entry(c.name(), new ConsumerHealthIndicator(c)));
    }
}
