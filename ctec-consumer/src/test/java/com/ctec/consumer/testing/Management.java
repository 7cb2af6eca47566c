package com.ctec.consumer.testing;

import com.ctec.consumer.internal.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The broker's management HTTP API, for tests that cut a connection as an operator would or read what the broker holds. */
public final class Management {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    private Management() {
    }

    /** Closes every connection whose client-given name is {@code name}; returns how many. */
    public static int closeConnectionsNamed(String name) {
        List<?> connections = (List<?>) Json.parse(call("GET", "/api/connections?columns=name,client_properties"));
        int closed = 0;
        for (Object item : connections) {
            Map<?, ?> connection = (Map<?, ?>) item;
            Map<?, ?> client = (Map<?, ?>) connection.get("client_properties");
            if (client != null && name.equals(client.get("connection_name"))) {
                String id = (String) connection.get("name");
                call("DELETE", "/api/connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
                closed++;
            }
        }
        return closed;
    }

    /** The queue's type as the broker reports it ("classic", "quorum", "stream"). */
    public static String queueType(String queue) {
        Map<?, ?> info = (Map<?, ?>) Json.parse(call("GET", "/api/queues/%2F/" + URLEncoder.encode(queue, StandardCharsets.UTF_8)
                .replace("+", "%20") + "?columns=type"));
        return (String) info.get("type");
    }

    private static String call(String method, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672" + path))
                    .header("Authorization", AUTH).method(method, HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("the management API on 127.0.0.1:15672 must be enabled for this test", e);
        }
    }
}
