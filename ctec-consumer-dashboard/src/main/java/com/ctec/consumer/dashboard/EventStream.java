package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * {@code /api/events}: server-sent events, one {@code {"version":n,"apps":[...]}} per change of the
 * fleet naming the apps it touched, so an open page fetches again only what changed. A comment
 * every 15 s keeps proxies from closing the stream and lets a vanished browser be noticed.
 *
 * <p>Each stream holds one (virtual) thread of the server while it is open; {@link Changes#close()}
 * ends them all.
 */
final class EventStream implements HttpHandler {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Changes changes;

    EventStream(Changes changes) {
        this.changes = changes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/api/events")) {
            Responses.error(exchange, 404, "Unknown API path " + exchange.getRequestURI().getPath() + ".");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            long seen = changes.version();
            write(out, "retry: 2000\n\n"); // The browser reconnects after 2 s if the stream breaks.
            while (true) {
                long version = changes.await(seen, KEEP_ALIVE);
                if (version == Changes.CLOSED) {
                    return;
                }
                write(out, version == seen ? ": keep-alive\n\n" : "data: " + RegistryJson.write(new Event(version, changes.appsSince(seen))) + "\n\n");
                seen = version;
            }
        } catch (IOException browserLeft) {
            // The page was closed or reloaded: nothing to clean up but this thread.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event: the registry's version now, and the apps that changed since the page's last one. */
    private record Event(long version, Set<String> apps) {
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
