package com.ctec.consumer.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a queue's dead-letter settings from the management HTTP API, the only place that shows
 * both queue arguments and policies (AMQP 0-9-1 cannot read them back). Optional: when the
 * plugin is off or unreachable, the caller falls back to a route that cannot drop messages.
 */
final class ManagementApi {
    /** One client for the JVM, made on first use: building one costs about half a second of start-up. */
    private static final class Shared {
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    private final AmqpUrl url;
    private final int port;

    ManagementApi(AmqpUrl url, int port) {
        this.url = url;
        this.port = port;
    }

    /**
     * The queue's own dead-letter exchange and routing key (an argument wins over a policy, as in
     * the broker), or empty when it has none.
     *
     * @throws IOException when the API cannot be asked (plugin off, no permission, ...)
     */
    Optional<DeadLetterRoute> deadLetterRoute(String host, String queue) throws IOException {
        String path = "/api/queues/" + encode(url.vhost()) + "/" + encode(queue);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostForUri(host) + ":" + port + path))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (url.username() + ":" + url.password()).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> response;
        try {
            response = Shared.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the management API answered HTTP " + response.statusCode());
        }
        Object parsed;
        try {
            parsed = Json.parse(response.body());
        } catch (RuntimeException e) {
            throw new IOException("the management API answered something that is not JSON", e);
        }
        if (!(parsed instanceof Map<?, ?> info)) {
            throw new IOException("the management API answered something unexpected");
        }
        Optional<DeadLetterRoute> fromArguments = route(info.get("arguments"), "x-dead-letter-exchange",
                "x-dead-letter-routing-key", "the queue's x-dead-letter-exchange argument");
        if (fromArguments.isPresent()) {
            return fromArguments;
        }
        return route(info.get("effective_policy_definition"), "dead-letter-exchange", "dead-letter-routing-key",
                "the dead-letter-exchange of policy '" + info.get("policy") + "'");
    }

    private static Optional<DeadLetterRoute> route(Object table, String exchangeKey, String routingKeyKey, String why) {
        if (table instanceof Map<?, ?> map && map.get(exchangeKey) instanceof String exchange) {
            Object routingKey = map.get(routingKeyKey);
            return Optional.of(new DeadLetterRoute(exchange, routingKey instanceof String s ? s : null,
                    "exchange '" + exchange + "' (" + why + ")"));
        }
        return Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
