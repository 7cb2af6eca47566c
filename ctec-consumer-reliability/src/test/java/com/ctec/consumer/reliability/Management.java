package com.ctec.consumer.reliability;

import com.ctec.consumer.agent.registry.RegistryJson;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The management HTTP API of one of our nodes (guest), for what AMQP cannot tell or do. */
final class Management {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    private Management() {
    }

    /** Ready plus unacknowledged messages of a queue (the management API's view, refreshed every few seconds). */
    static Map<?, ?> queue(int port, String queue) {
        return (Map<?, ?>) RegistryJson.readPlain(call(port, "GET", "/api/queues/%2F/" + encode(queue)));
    }

    /** Closes the connections whose client-given name starts with {@code prefix}; returns how many. */
    static int closeConnectionsNamed(int port, String prefix) {
        List<?> connections = (List<?>) RegistryJson.readPlain(call(port, "GET", "/api/connections?columns=name,client_properties"));
        int closed = 0;
        for (Object item : connections) {
            Map<?, ?> connection = (Map<?, ?>) item;
            Map<?, ?> client = (Map<?, ?>) connection.get("client_properties");
            Object name = client == null ? null : client.get("connection_name");
            if (name instanceof String s && s.startsWith(prefix)) {
                call(port, "DELETE", "/api/connections/" + encode((String) connection.get("name")));
                closed++;
            }
        }
        return closed;
    }

    /** Deletes the delay queues {@code <queue>.retry.<ms>ms} the framework declared for these queues. */
    static void deleteRetryQueues(int port, List<String> queues) {
        try {
            String body = call(port, "GET", "/api/queues/%2F?columns=name");
            for (String queue : queues) {
                Matcher matcher = Pattern.compile("\"(" + Pattern.quote(queue) + "\\.retry\\.\\d+ms)\"").matcher(body);
                while (matcher.find()) {
                    call(port, "DELETE", "/api/queues/%2F/" + encode(matcher.group(1)));
                }
            }
        } catch (RuntimeException e) {
            // Best effort: a node down after a fault test keeps its empty delay queues.
        }
    }

    static String call(int port, String method, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", AUTH).method(method, HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("management API on port " + port + ": " + e, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
