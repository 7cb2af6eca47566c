package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryJson;
import com.ctec.consumer.testing.Management;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small HTTP helpers for the tests: the agent's endpoint, its Prometheus text, and RabbitMQ's management API. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Http() {
    }

    record Response(int status, String body) {
    }

    /** A TCP port free on this host now, for an endpoint a test starts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** The value of the Prometheus sample {@code name} whose labels include {@code labels}; NaN when absent. */
    static double sample(String prometheusText, String name, Map<String, String> labels) {
        for (String line : prometheusText.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                return Double.parseDouble(m.group(4));
            }
        }
        return Double.NaN;
    }

    // --- RabbitMQ management API (guest is the broker's administrator here) ---

    /** Closes the broker connection whose client-given name is {@code name}; false when the broker does not list it. */
    static boolean closeConnection(String name) {
        return Management.closeConnectionsNamed(name) > 0;
    }

    static void createUser(String user, String password) {
        management("PUT", "/users/" + Management.encode(user), RegistryJson.write(Map.of("password", password, "tags", "management")));
        grant(user);
    }

    static void grant(String user) {
        management("PUT", "/permissions/%2F/" + Management.encode(user),
                RegistryJson.write(Map.of("configure", ".*", "write", ".*", "read", ".*")));
    }

    static void revoke(String user) {
        management("DELETE", "/permissions/%2F/" + Management.encode(user), null);
    }

    static void deleteUser(String user) {
        management("DELETE", "/users/" + Management.encode(user), null);
    }

    private static void management(String method, String path, String json) {
        Management.call(Management.PORT, method, "/api" + path, json);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (Exception e) {
            return new Response(-1, e.toString());
        }
    }
}
