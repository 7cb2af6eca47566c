package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryJson;
import com.ctec.consumer.spi.ConsumerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The HTTP endpoint of one {@code metricsPort} ({@link SmallHttpServer}, on {@code metricsBind},
 * 127.0.0.1 by default), shared by the consumers of this process that name that port:
 * {@code /metrics} in Prometheus text format and {@code /health}, 200 when every one of them is
 * RUNNING, 503 otherwise. A consumer that stopped stays listed (and the answer 503) until all of
 * them have stopped; then the port is closed. Requests are served concurrently and each
 * connection gets {@code ctec.agent.httpRequestTimeoutMs} (10 s) at most, so a client that sends
 * half a request never delays a liveness probe. {@link #withoutServer} makes one that serves
 * nothing: the meters of every consumer of the process in the application's own registries
 * ({@link AgentMeterBinder}).
 */
final class MetricsEndpoint {
    /** {@code ctec.agent.httpRequestTimeoutMs}: how long one connection may take, reading and answering. */
    static final String REQUEST_TIMEOUT_PROPERTY = "ctec.agent.httpRequestTimeoutMs";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MeterRegistry registry;
    private final List<ConsumerTap> taps = new CopyOnWriteArrayList<>();
    /** Null for {@link #withoutServer}. */
    private SmallHttpServer server;

    private MetricsEndpoint(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The same meters in {@code registry}, served by nobody here: the application scrapes or pushes them. */
    static MetricsEndpoint withoutServer(MeterRegistry registry) {
        return new MetricsEndpoint(registry);
    }

    /** Opens the port; when it cannot (in use, not allowed), says so once and returns empty: the consumer runs without it. */
    static Optional<MetricsEndpoint> open(String bind, int port) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsEndpoint endpoint = new MetricsEndpoint(prometheus);
        Map<String, Supplier<SmallHttpServer.Response>> routes = Map.of(
                "/metrics", () -> response(200, PROMETHEUS_TEXT, prometheus.scrape()),
                "/health", endpoint::health);
        Duration timeout = Duration.ofMillis(Long.getLong(REQUEST_TIMEOUT_PROPERTY, 10_000L));
        try {
            endpoint.server = new SmallHttpServer(new InetSocketAddress(InetAddress.getByName(bind), port), routes, timeout);
        } catch (IOException e) {
            endpoint.registry.close();
            ProcessAgent.LOG.warn("metricsPort {} could not be opened on {} ({}): /metrics and /health are off for this consumer; "
                    + "choose a free port, or a metricsBind address of this host.", port, bind, e.getMessage());
            return Optional.empty();
        }
        ProcessAgent.LOG.info("Serving /metrics and /health on {}:{}.", bind, endpoint.server.port());
        return Optional.of(endpoint);
    }

    /** Adds a consumer to the gauges; returns its labels, for the counters of {@link ConsumerMeters} in {@link #registry()}. */
    Tags attach(ConsumerTap tap) {
        String app = tap.app();
        String queue = tap.info().queue();
        // A consumer started again with the same labels replaces its stopped predecessor in the gauges.
        taps.removeIf(t -> t.isStopped() && t.app().equals(app) && t.info().queue().equals(queue));
        taps.add(tap);
        Tags tags = Tags.of("app", app, "queue", queue);
        // Gauges are per label pair and sum over every consumer with those labels (registering twice is a no-op).
        gauge("ctec.consumer.in.flight", "Messages received and not yet settled", tags,
                e -> e.labelled(app, queue).mapToLong(t -> t.info().stats().inFlight()).sum());
        gauge("ctec.consumer.connection.up", "1 while the consumer's broker connection is open, else 0", tags,
                e -> e.labelled(app, queue).allMatch(t -> t.info().connectedBroker().isPresent()) ? 1 : 0);
        gauge("ctec.consumer.backlog", "Messages ready in the queue, read at each scrape with a passive declare "
                + "(NaN when the broker does not answer)", tags, e -> backlog(e.labelled(app, queue)));
        gauge("ctec.consumer.last.failure.time.seconds", "When a worker call last failed, epoch seconds; 0 when none has",
                tags, e -> e.labelled(app, queue).map(ConsumerTap::lastFailure)
                        .mapToDouble(f -> f == null ? 0 : f.at() / 1000.0).max().orElse(0));
        return tags;
    }

    /** The backlog of one queue, read through one of its running consumers: they all read the same queue. */
    private static double backlog(Stream<ConsumerTap> taps) {
        return taps.filter(t -> !t.isStopped()).findFirst().map(t -> (double) t.readBacklog())
                .filter(b -> b >= 0).orElse(Double.NaN);
    }

    boolean allStopped() {
        return taps.stream().allMatch(ConsumerTap::isStopped);
    }

    MeterRegistry registry() {
        return registry;
    }

    void close() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    private void gauge(String name, String description, Tags tags, ToDoubleFunction<MetricsEndpoint> value) {
        Gauge.builder(name, this, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private Stream<ConsumerTap> labelled(String app, String queue) {
        return taps.stream().filter(t -> t.app().equals(app) && t.info().queue().equals(queue));
    }

    private SmallHttpServer.Response health() {
        boolean up = !taps.isEmpty();
        List<HealthLine> consumers = new ArrayList<>();
        for (ConsumerTap tap : taps) {
            ConsumerState state = tap.info().state();
            up &= state == ConsumerState.RUNNING;
            consumers.add(new HealthLine(tap.app(), tap.info().queue(), state.name()));
        }
        return response(up ? 200 : 503, "application/json", RegistryJson.write(new Health(up ? "UP" : "DOWN", consumers)));
    }

    /** The {@code /health} document: UP when every consumer runs. */
    private record Health(String status, List<HealthLine> consumers) {
    }

    /** One consumer in {@code /health}. */
    private record HealthLine(String app, String queue, String state) {
    }

    private static SmallHttpServer.Response response(int status, String contentType, String body) {
        return new SmallHttpServer.Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
