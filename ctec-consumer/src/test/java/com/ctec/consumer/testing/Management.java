package com.ctec.consumer.testing;

import com.ctec.consumer.internal.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The broker's management HTTP API, as guest (the administrator of a test broker), for tests that cut
 * a connection as an operator would or read what the broker holds: the one client of every module's
 * tests (the library's own, {@code internal.connect.ManagementApi}, serves the engine). Methods without a
 * port talk to the local broker's, {@value #PORT}.
 */
public final class Management {
    /** The local broker's management port. */
    public static final int PORT = 15672;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    private Management() {
    }

    /** An answer: its HTTP status and body. */
    public record Response(int status, String body) {
    }

    /** Closes every connection whose client-given name is {@code name}; returns how many. */
    public static int closeConnectionsNamed(String name) {
        return closeConnections(PORT, name::equals);
    }

    /** Closes every connection of the node on {@code port} whose client-given name passes {@code name}; returns how many. */
    public static int closeConnections(int port, Predicate<String> name) {
        List<?> connections = (List<?>) getJson(port, "/api/connections?columns=name,client_properties");
        int closed = 0;
        for (Object item : connections) {
            Map<?, ?> connection = (Map<?, ?>) item;
            Map<?, ?> client = (Map<?, ?>) connection.get("client_properties");
            if (client != null && client.get("connection_name") instanceof String given && name.test(given)) {
                call(port, "DELETE", "/api/connections/" + encode((String) connection.get("name")), null);
                closed++;
            }
        }
        return closed;
    }

    /** The queue's type as the broker reports it ("classic", "quorum", "stream"). */
    public static String queueType(String queue) {
        return queueType(PORT, queue);
    }

    /** The queue's type on the broker whose management API is on {@code port}; null for a missing queue. */
    public static String queueType(int port, String queue) {
        Map<?, ?> info = (Map<?, ?>) getJson(port, "/api/queues/%2F/" + encode(queue) + "?columns=type");
        return (String) info.get("type");
    }

    /**
     * The messages a quorum queue holds for at-least-once dead-lettering, which no consumer can
     * see (expired, waiting until their target queue confirms them); 0 for a missing queue or
     * another type. As fresh as the node's statistics interval.
     */
    public static long heldDeadLetters(int port, String queue) {
        Object info = getJson(port, "/api/queues/%2F/" + encode(queue) + "?columns=messages_dlx");
        return info instanceof Map<?, ?> map && map.get("messages_dlx") instanceof Number held ? held.longValue() : 0;
    }

    /** The names of the queues of vhost {@code /} on the node on {@code port}. */
    public static List<String> queueNames(int port) {
        List<String> names = new ArrayList<>();
        for (Object queue : (List<?>) getJson(port, "/api/queues/%2F?columns=name")) {
            names.add((String) ((Map<?, ?>) queue).get("name"));
        }
        return names;
    }

    /** The delay queues ({@code <queue>.retry.<ms>ms}) the library declared for {@code queues} on the node on {@code port}. */
    public static List<String> retryQueues(int port, Collection<String> queues) {
        List<String> names = queueNames(port);
        List<String> retry = new ArrayList<>();
        for (String queue : queues) {
            Pattern delayQueue = Pattern.compile(Pattern.quote(queue) + "\\.retry\\.\\d+ms");
            names.stream().filter(n -> delayQueue.matcher(n).matches()).forEach(retry::add);
        }
        return retry;
    }

    /**
     * Deletes the delay queues of {@code queues} on the node on {@code port}, as far as it answers: a
     * node down after a fault test, or a broker without the management plugin, keeps its empty ones.
     */
    public static void deleteRetryQueues(int port, Collection<String> queues) {
        try {
            for (String delayQueue : retryQueues(port, queues)) {
                call(port, "DELETE", "/api/queues/%2F/" + encode(delayQueue), null);
            }
        } catch (RuntimeException e) {
            // Best effort: what stays behind is empty.
        }
    }

    /** The document at {@code path} ({@code /api/...}), parsed: maps, lists, strings, longs, doubles. */
    public static Object getJson(int port, String path) {
        return Json.parse(call(port, "GET", path, null).body());
    }

    /**
     * Sends {@code method path} ({@code /api/...}) with {@code json} as the body, or none when null.
     *
     * @throws IllegalStateException when the API does not answer, or answers an error other than 404 (gone already)
     */
    public static Response call(int port, String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", AUTH)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the management API on 127.0.0.1:" + port + " must be enabled for this test", e);
        }
        if (response.statusCode() >= 300 && response.statusCode() != 404) {
            throw new IllegalStateException(method + " " + path + " on 127.0.0.1:" + port + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return new Response(response.statusCode(), response.body());
    }

    /** {@code text} as one path segment of the API ({@code /} and spaces escaped). */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
