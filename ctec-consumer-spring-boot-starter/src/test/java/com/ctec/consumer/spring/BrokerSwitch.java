package com.ctec.consumer.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of the shared broker that a test can switch off: {@link #down()}
 * cuts the connections through it and refuses new ones until {@link #up()}, so a consumer stays
 * RECOVERING as long as the test needs, and no other test's connection is touched.
 */
final class BrokerSwitch implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    BrokerSwitch() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon(true).name("broker-switch").start(this::accept);
    }

    /** The broker URL through this proxy (guest, default vhost). */
    String url() {
        return "amqp://guest:guest@127.0.0.1:" + server.getLocalPort() + "/";
    }

    void down() {
        down = true;
        sockets.forEach(BrokerSwitch::closeQuietly);
        sockets.clear();
    }

    void up() {
        down = false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        down();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), 5672);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker);
                pump(broker, client);
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon(true).start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed: close the other too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
