package com.ctec.consumer.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps the dashboard read-only and its pages inert whatever ZooKeeper holds: only GET and HEAD,
 * headers that forbid inline scripts, framing and content sniffing, and, when bound to loopback,
 * only requests addressed to a loopback name (a DNS-rebinding page cannot read the fleet).
 */
final class RequestGuard extends Filter {
    /** Scripts and styles from the dashboard only: even an unescaped value could not run inline code. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final boolean loopbackOnly;

    RequestGuard(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            headers.set("Allow", "GET, HEAD");
            Responses.error(exchange, 405, "The dashboard is read-only: only GET and HEAD, not " + method + ".");
        } else if (loopbackOnly && !LOOPBACK_NAMES.contains(hostName(exchange))) {
            Responses.error(exchange, 403, "This dashboard listens on loopback and answers only to localhost, 127.0.0.1 "
                    + "or [::1]; start it with --bind to serve other names.");
        } else {
            chain.doFilter(exchange);
        }
    }

    @Override
    public String description() {
        return "read-only, security headers, loopback Host check";
    }

    /** The Host header without its port, lower case; "" when absent. */
    private static String hostName(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return "";
        }
        host = host.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }
}
