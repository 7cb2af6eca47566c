package com.ctec.consumer.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's HTTP server: read-only, one request per connection, for {@code /metrics} and
 * {@code /health}. The JDK's HttpServer reads a request on one shared thread unless given more,
 * and never gives up on a client that sends half a header; this one is small enough to be sure:
 *
 * <ul>
 *   <li>every connection is served on its own virtual thread, so a slow one never delays another;</li>
 *   <li>a connection is closed {@code requestTimeout} after it was accepted, finished or not
 *       (reading the request and writing the answer both count);</li>
 *   <li>at most {@link #MAX_CONNECTIONS} at once: more are closed at once rather than queued;</li>
 *   <li>a request line and headers longer than {@link #MAX_HEAD_BYTES} get 431;</li>
 *   <li>GET and HEAD only (405 with {@code Allow} otherwise); unknown paths get 404.</li>
 * </ul>
 */
final class SmallHttpServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_HEAD_BYTES = 8 * 1024;

    /** What a route answers. */
    record Response(int status, String contentType, byte[] body) {
    }

    private final ServerSocket socket;
    private final Map<String, Supplier<Response>> routes;
    private final Duration requestTimeout;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("ctec-metrics-deadlines").factory());
    private final Semaphore open = new Semaphore(MAX_CONNECTIONS);

    /** Binds {@code address} (IOException when it cannot) and starts accepting on a daemon thread. */
    SmallHttpServer(InetSocketAddress address, Map<String, Supplier<Response>> routes, Duration requestTimeout) throws IOException {
        this.socket = new ServerSocket();
        try {
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            deadlines.shutdownNow();
            throw e;
        }
        this.routes = Map.copyOf(routes);
        this.requestTimeout = requestTimeout;
        Thread.ofPlatform().daemon(true).name("ctec-metrics-http").start(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a server socket fails only if it already is.
        }
        connections.shutdownNow();
        deadlines.shutdownNow();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // Closed.
            }
            if (!open.tryAcquire()) {
                closeQuietly(client); // Full: queueing would let a flood of slow sockets delay /health.
                continue;
            }
            try {
                connections.execute(() -> serve(client));
            } catch (RuntimeException rejected) {
                open.release();
                closeQuietly(client); // Shutting down.
            }
        }
    }

    private void serve(Socket client) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(client), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            String head = readHead(client.getInputStream());
            if (head != null) {
                boolean headOnly = head.startsWith("HEAD ");
                write(client.getOutputStream(), answer(head), headOnly);
            }
        } catch (IOException e) {
            // The client went away, or its time was up and the deadline closed the socket.
        } finally {
            deadline.cancel(false);
            open.release();
        }
    }

    /** The response to a request whose line and headers are {@code head}. */
    private Response answer(String head) {
        if (head.length() > MAX_HEAD_BYTES) {
            return text(431, "Request header fields too large.");
        }
        int lineEnd = head.indexOf("\r\n");
        String[] requestLine = head.substring(0, lineEnd).split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
            return text(400, "Not an HTTP request.");
        }
        String method = requestLine[0];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return text(405, "Only GET and HEAD.");
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        Supplier<Response> route = routes.get(query < 0 ? target : target.substring(0, query));
        return route == null ? text(404, "Not found: use /metrics or /health.") : route.get();
    }

    /**
     * The request line and headers, up to and with the blank line; a string longer than
     * {@link #MAX_HEAD_BYTES} when the client sent more (not read further); null when it closed first.
     */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0; // how much of "\r\n\r\n" the last bytes were
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                break;
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, Response response, boolean headOnly) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
                .append("\r\nContent-Type: ").append(response.contentType())
                .append("\r\nContent-Length: ").append(response.body().length)
                .append("\r\nConnection: close");
        if (response.status() == 405) {
            head.append("\r\nAllow: GET, HEAD");
        }
        head.append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) {
            out.write(response.body());
        }
        out.flush();
    }

    private static Response text(int status, String message) {
        return new Response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // Nothing left to release.
        }
    }
}
