package com.ctec.consumer.spring;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One consumer of the application, by its name: the {@link Consumer}, its queue and worker, and
 * what {@link StateWatch} saw. Read by health and the endpoint, started and stopped by {@link CtecConsumers}.
 */
public final class ManagedConsumer {
    private static final int MAX_ERROR_CHARS = 300;

    private final String name;
    private final String queue;
    private final String worker;
    private final Consumer consumer;
    private final StateWatch watch;

    ManagedConsumer(String name, String queue, String worker, Consumer consumer, StateWatch watch) {
        this.name = name;
        this.queue = queue;
        this.worker = worker;
        this.consumer = consumer;
        this.watch = watch;
    }

    /** The consumer's name under {@code ctec.consumer.consumers} (the queue for one made by {@code @CtecWorker(queue=...)}). */
    public String name() {
        return name;
    }

    public String queue() {
        return queue;
    }

    /** The consumer itself, e.g. for {@code stats()}; the starter starts and stops it. */
    public Consumer consumer() {
        return consumer;
    }

    /** The consumer's state now. */
    public ConsumerState state() {
        return consumer.state();
    }

    /** The details shown by health and {@code /actuator/ctecconsumers}: never a password. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("queue", queue);
        details.put("state", state().name());
        StateWatch.Since since = watch.since();
        if (since.state() == state()) {
            details.put("since", since.at().toString());
        }
        details.put("worker", worker);
        info().ifPresent(info -> {
            details.put("url", info.redactedUrl());
            details.put("connectedBroker", info.connectedBroker().orElse(null));
            details.put("prefetch", info.prefetch());
            details.put("threads", info.threads());
            details.put("mode", info.mode().name());
            details.put("batchSize", info.batchSize());
        });
        details.put("stats", consumer.stats());   // a record: Actuator writes its counters by name
        StateWatch.Failure failure = watch.lastFailure();
        if (failure != null) {
            details.put("lastFailure", Map.of("at", failure.at().toString(), "error", printable(failure.error())));
        }
        return details;
    }

    /** Why the consumer is not RUNNING, in one sentence; empty while it runs. */
    public Optional<String> reason() {
        ConsumerState state = state();
        StateWatch.Since since = watch.since();
        String at = since.state() == state ? " since " + since.at() : "";
        return switch (state) {
            case RUNNING -> Optional.empty();
            case STARTING -> Optional.of("not started yet: consumers start after the web server, when the context is refreshed");
            case RECOVERING -> Optional.of("the broker connection to " + info().map(ConsumerInfo::brokers).orElse("the broker")
                    + " was lost" + at + "; reconnecting");
            case STOPPING -> Optional.of("stopping" + at + ": in-flight messages are finishing");
            case STOPPED -> Optional.of("stopped" + at);
        };
    }

    /** The worker's own text, so bounded and without control characters (the SPI asks who shows it to clean it). */
    private static String printable(String error) {
        String cut = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "..." : error;
        return cut.replaceAll("\\p{Cntrl}", " ");
    }

    void start() {
        consumer.start();
    }

    void stop() {
        consumer.stop();
    }

    void close() {
        consumer.close();
    }

    private Optional<ConsumerInfo> info() {
        try {
            return Optional.of(consumer.info());
        } catch (IllegalStateException notStarted) {
            return Optional.empty();
        }
    }
}
