package com.ctec.consumer.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback between the consumer and a broker node, that can break the link the
 * ways networks do: {@link #drop()} closes both sides of every open link (the client sees the
 * connection end), {@link #stall()} stops forwarding on every open link without closing anything
 * (no FIN, no RST: only heartbeats can tell), {@link #latency(Duration)} delays every chunk in
 * both directions, {@link #refuse(boolean)} makes the broker look down for as long as the test
 * wants. New links after a drop or a stall are served normally.
 *
 * <p>Threads: one acceptor; per link and direction a reader and a writer (the writer holds a
 * chunk until its due time, so latency keeps the byte order).
 */
final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile long latencyNanos;
    private volatile boolean refusing;
    private volatile boolean closed;

    FaultyProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofPlatform().daemon(true).name("proxy-accept-" + port()).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The consumer's URL through this proxy. */
    String url() {
        return "amqp://guest:guest@127.0.0.1:" + port() + "/";
    }

    /** Closes both sides of every open link. */
    void drop() {
        links.forEach(Link::close);
    }

    /** Stops forwarding on every open link, leaving the sockets open; {@link #heal()} closes them. */
    void stall() {
        links.forEach(link -> link.stalled = true);
    }

    /** Closes the stalled links (the peers gave up on them by now). */
    void heal() {
        links.stream().filter(link -> link.stalled).forEach(Link::close);
    }

    /**
     * While refusing, the broker looks down: every open link is dropped and new connections are
     * closed as soon as they are accepted (the client's handshake fails at once, as with a broker
     * that is starting). {@code false} serves again.
     */
    void refuse(boolean refuse) {
        this.refusing = refuse;
        if (refuse) {
            drop();
        }
    }

    /** Every chunk from now on is delayed by {@code latency} in each direction; zero for none. */
    void latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    int openLinks() {
        return links.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing.
        }
        drop();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                Link link = new Link(client, broker);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    System.out.println("proxy: accept failed: " + e);
                }
            }
        }
    }

    /** One client connection and its connection to the broker. */
    private final class Link {
        private final Socket client;
        private final Socket broker;
        volatile boolean stalled;
        private volatile boolean done;

        Link(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        void start() {
            pump(client, broker, "up");
            pump(broker, client, "down");
        }

        private record Chunk(long due, byte[] bytes) {
        }

        private void pump(Socket from, Socket to, String direction) {
            LinkedBlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
            String name = "proxy-" + client.getPort() + "-" + direction;
            Thread.ofPlatform().daemon(true).name(name + "-read").start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream()) {
                    while (!done) {
                        if (stalled) {
                            Thread.sleep(50);
                            continue;
                        }
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        chunks.add(new Chunk(System.nanoTime() + latencyNanos, java.util.Arrays.copyOf(buffer, n)));
                    }
                } catch (IOException | InterruptedException e) {
                    // The link is closing.
                }
                if (!stalled) {
                    close();
                }
            });
            Thread.ofPlatform().daemon(true).name(name + "-write").start(() -> {
                try (OutputStream out = to.getOutputStream()) {
                    while (!done) {
                        Chunk chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
                        if (chunk == null) {
                            continue;
                        }
                        long wait = chunk.due() - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        while (stalled && !done) {
                            Thread.sleep(50);
                        }
                        if (done) {
                            break;
                        }
                        out.write(chunk.bytes());
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // The link is closing.
                }
            });
        }

        void close() {
            done = true;
            links.remove(this);
            for (Socket socket : List.of(client, broker)) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closed already.
                }
            }
        }
    }
}
