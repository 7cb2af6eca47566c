package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryReader;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;

/** {@code /api/apps} and {@code /api/apps/<name>}: the documents of {@link ApiJson}. */
final class ApiHandler implements HttpHandler {
    private static final String APPS = "/api/apps";

    private final Fleet fleet;
    private final RegistryReader reader;
    private final String root;

    ApiHandler(Fleet fleet, RegistryReader reader, String root) {
        this.fleet = fleet;
        this.reader = reader;
        this.root = root;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // getPath() is decoded: /api/apps/a%20b names the app "a b". No app name holds a '/'.
        String path = exchange.getRequestURI().getPath();
        if (path.equals(APPS) || path.equals(APPS + "/")) {
            Responses.json(exchange, 200, ApiJson.overview(fleet, root));
        } else if (path.startsWith(APPS + "/") && path.indexOf('/', APPS.length() + 1) < 0) {
            String app = path.substring(APPS.length() + 1);
            ApiJson.App document = ApiJson.app(fleet, reader, root, app);
            if (document == null) {
                Responses.error(exchange, 404, "No app named '" + app + "' under " + root + " (or its last instance left "
                        + "long ago).");
            } else {
                Responses.json(exchange, 200, document);
            }
        } else {
            Responses.error(exchange, 404, "Unknown API path " + path + ": use /api/apps, /api/apps/<name> or /api/events.");
        }
    }
}
