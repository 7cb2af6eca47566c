package com.ctec.consumer.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ZooKeeper address that never answers: it accepts each TCP connection and closes it at once, and
 * counts them, so a test can wait for the client's reconnect attempts instead of sleeping.
 */
final class DeadEndZooKeeper implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger attempts = new AtomicInteger();

    DeadEndZooKeeper() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon(true).name("dead-end-zookeeper").start(this::refuseAll);
    }

    /** The connect string, e.g. {@code 127.0.0.1:40123}. */
    String connectString() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections the clients opened so far. */
    int attempts() {
        return attempts.get();
    }

    private void refuseAll() {
        while (!socket.isClosed()) {
            try (Socket ignored = socket.accept()) {
                attempts.incrementAndGet();
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
