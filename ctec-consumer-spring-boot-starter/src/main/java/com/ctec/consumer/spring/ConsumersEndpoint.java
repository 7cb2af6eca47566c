package com.ctec.consumer.spring;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/ctecconsumers}: every consumer of the application with its queue, state,
 * broker, settings and counters; {@code /actuator/ctecconsumers/<name>} for one. Read-only.
 */
@Endpoint(id = "ctecconsumers")
public final class ConsumersEndpoint {
    private final CtecConsumers consumers;

    ConsumersEndpoint(CtecConsumers consumers) {
        this.consumers = consumers;
    }

    @ReadOperation
    public Map<String, Object> consumers() {
        Map<String, Object> all = new LinkedHashMap<>();
        consumers.all().forEach((name, consumer) -> all.put(name, consumer.details()));
        return Map.of("consumers", all);
    }

    /** One consumer, or null (404) when there is none of that name. */
    @ReadOperation
    public Map<String, Object> consumer(@Selector String name) {
        return consumers.get(name).map(ManagedConsumer::details).orElse(null);
    }
}
