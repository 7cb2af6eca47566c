package com.ctec.consumer.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Puts the agent's meters of every consumer of this JVM (the names {@code /metrics} serves:
 * {@code ctec.consumer.delivered}, {@code ctec.consumer.handler}, ... labelled {@code app} and
 * {@code queue}) into an application's own {@link MeterRegistry}, e.g. Spring Boot's, which then
 * scrapes or pushes them with its other meters. Consumers started before or after the binding both
 * show; {@link #close()} unbinds. Needs no {@code metricsPort}.
 */
public final class AgentMeterBinder implements MeterBinder, AutoCloseable {
    private final List<MeterRegistry> bound = new CopyOnWriteArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        ProcessAgent.instance().bind(registry);
        bound.add(registry);
    }

    /** Stops feeding the registries bound here; the meters already in them stay as they are. */
    @Override
    public void close() {
        for (MeterRegistry registry : bound) {
            ProcessAgent.instance().unbind(registry);
        }
        bound.clear();
    }
}
