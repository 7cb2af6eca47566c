package com.ctec.consumer.internal.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on a local address that records every byte it receives, one entry per
 * connection, and answers an HTTP request with a canned response (or nothing): the eavesdropper
 * or rogue server of the credential tests.
 */
final class CapturingListener implements AutoCloseable {
    private final ServerSocket server;
    private final String response;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private CapturingListener(String address, String response) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        this.response = response;
        this.acceptor = Thread.ofPlatform().daemon().name("capturing-listener").start(this::acceptAll);
    }

    /** Records and closes each connection without answering. */
    static CapturingListener silent(String address) throws IOException {
        return new CapturingListener(address, null);
    }

    /** Records each request and answers it with {@code response} (status line, headers, body). */
    static CapturingListener answering(String address, String response) throws IOException {
        return new CapturingListener(address, response);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Everything received so far, all connections, as ISO-8859-1 text (bytes kept one to one). */
    String receivedText() {
        StringBuilder all = new StringBuilder();
        received.forEach(b -> all.append(new String(b, StandardCharsets.ISO_8859_1)));
        return all.toString();
    }

    List<byte[]> connections() {
        return List.copyOf(received);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(2_000);
                byte[] request = readRequest(socket.getInputStream());
                received.add(request);
                if (response != null && request.length > 0 && request[0] != 0x16) {
                    socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                // Closed, or a client that went away: keep accepting until close().
            }
        }
    }

    /** Up to the end of the HTTP headers; a TLS ClientHello (first byte 0x16) is read as far as it comes. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
                byte[] sofar = bytes.toByteArray();
                if (sofar[0] == 0x16 || new String(sofar, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // The client sent all it will before an answer.
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
