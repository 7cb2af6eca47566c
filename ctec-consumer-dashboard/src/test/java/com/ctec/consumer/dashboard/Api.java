package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A test's client of a running dashboard: raw responses, parsed documents, and requests no browser would send. */
final class Api {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    Api(DashboardServer dashboard) {
        this.base = dashboard.url();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> overview() throws IOException, InterruptedException {
        return document(get("/api/apps").body());
    }

    Map<String, Object> app(String name) throws IOException, InterruptedException {
        return document(get("/api/apps/" + encode(name)).body());
    }

    /** Parses a document with whole numbers as Long: the tests compare counts and ids exactly. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(String json) {
        return (Map<String, Object>) RegistryJson.readPlain(json);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> document, String key) {
        return (List<Map<String, Object>>) document.get(key);
    }

    /** The overview's line for {@code app}, or null. */
    Map<String, Object> appLine(String app) throws IOException, InterruptedException {
        return list(overview(), "apps").stream().filter(a -> a.get("name").equals(app)).findFirst().orElse(null);
    }

    /** The status line of a GET with this Host header (HttpClient will not send a foreign one). */
    String statusWithHost(String host) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/apps HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }

    /** A path segment: spaces as %20, not '+'. */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
