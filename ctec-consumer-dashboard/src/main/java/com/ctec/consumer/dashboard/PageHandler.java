package com.ctec.consumer.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the two pages and their scripts and style, read once from the jar: {@code /} is the
 * overview, {@code /app/<name>} the app page (its script reads the name from the address).
 */
final class PageHandler implements HttpHandler {
    private static final String WEB = "web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    /** Every file there is; nothing else is ever read, so no path can reach outside. */
    private static final String[] FILES = {"overview.html", "app.html", "dashboard.css", "common.js", "chart.js",
        "overview.js", "app.js"};

    private final Map<String, byte[]> files = new HashMap<>();

    PageHandler() {
        for (String name : FILES) {
            files.put(name, read(name));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String file;
        if (path.equals("/")) {
            file = "overview.html";
        } else if (path.startsWith("/app/") && path.length() > "/app/".length()) {
            file = "app.html";
        } else if (path.startsWith("/static/")) {
            file = path.substring("/static/".length());
        } else {
            file = null;
        }
        byte[] body = file == null ? null : files.get(file);
        if (body == null) {
            Responses.error(exchange, 404, "Nothing here: the dashboard serves /, /app/<name> and /api/.");
            return;
        }
        Responses.send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), body);
    }

    private static byte[] read(String name) {
        try (InputStream in = PageHandler.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + WEB + name + " is missing from its jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
