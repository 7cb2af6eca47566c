package com.ctec.consumer.agent;

import com.ctec.consumer.internal.Json;
import com.ctec.consumer.spi.ConsumerState;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The HTTP endpoint of one {@code metricsPort} (JDK HttpServer, all interfaces), shared by the
 * consumers of this process that name that port: {@code /metrics} in Prometheus text format and
 * {@code /health}, 200 when every one of them is RUNNING, 503 otherwise. A consumer that stopped
 * stays listed (and the answer 503) until all of them have stopped; then the port is closed.
 */
final class MetricsEndpoint {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<ConsumerTap> taps = new CopyOnWriteArrayList<>();

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Opens the port; when it cannot (in use, not allowed), says so once and returns empty: the consumer runs without it. */
    static Optional<MetricsEndpoint> open(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            ProcessAgent.LOG.warn("metricsPort {} could not be opened ({}): /metrics and /health are off for this consumer; "
                    + "choose a free port.", port, e.getMessage());
            return Optional.empty();
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(server);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, endpoint.registry.scrape()));
        server.createContext("/health", endpoint::health);
        server.start();
        ProcessAgent.LOG.info("Serving /metrics and /health on port {}.", server.getAddress().getPort());
        return Optional.of(endpoint);
    }

    /** Adds a consumer; returns the meters its hooks update. */
    ConsumerMeters attach(ConsumerTap tap) {
        taps.add(tap);
        String app = tap.app();
        String queue = tap.info().queue();
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
        return new ConsumerMeters(registry, tags);
    }

    /** The backlog of one queue, read through one of its running consumers: they all read the same queue. */
    private static double backlog(Stream<ConsumerTap> taps) {
        return taps.filter(t -> !t.isStopped()).findFirst().map(t -> (double) t.readBacklog())
                .filter(b -> b >= 0).orElse(Double.NaN);
    }

    boolean allStopped() {
        return taps.stream().allMatch(ConsumerTap::isStopped);
    }

    void close() {
        server.stop(0);
        registry.close();
    }

    private void gauge(String name, String description, Tags tags, ToDoubleFunction<MetricsEndpoint> value) {
        Gauge.builder(name, this, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private Stream<ConsumerTap> labelled(String app, String queue) {
        return taps.stream().filter(t -> t.app().equals(app) && t.info().queue().equals(queue));
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean up = !taps.isEmpty();
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (ConsumerTap tap : taps) {
            ConsumerState state = tap.info().state();
            up &= state == ConsumerState.RUNNING;
            Map<String, Object> consumer = new LinkedHashMap<>();
            consumer.put("app", tap.app());
            consumer.put("queue", tap.info().queue());
            consumer.put("state", state.name());
            consumers.add(consumer);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("consumers", consumers);
        respond(exchange, up ? 200 : 503, "application/json", Json.write(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
