package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryJson;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writes whole responses: JSON documents, errors as JSON, and the page's files. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";
    private static final int GZIP_FROM = 1024;

    private Responses() {
    }

    static void json(HttpExchange exchange, int status, Object document) throws IOException {
        // RegistryJson escapes <, > and &: a document read as HTML by mistake still runs nothing.
        send(exchange, status, JSON, RegistryJson.write(document).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, new Error(message));
    }

    /** What every error response holds: one sentence. */
    private record Error(String error) {
    }

    /** Sends the body, gzipped when the client takes it and it is worth it, or only the headers for HEAD. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        if (body.length > GZIP_FROM && acceptsGzip(exchange)) {
            // A day of samples per instance is ~80 kB of JSON; it shrinks about fivefold.
            body = gzip(body);
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static boolean acceptsGzip(HttpExchange exchange) {
        List<String> accepted = exchange.getRequestHeaders().get("Accept-Encoding");
        return accepted != null && accepted.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("gzip"));
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }
}
