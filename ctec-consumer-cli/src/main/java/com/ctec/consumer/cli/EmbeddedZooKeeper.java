package com.ctec.consumer.cli;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A standalone ZooKeeper in this JVM, on a free port of 127.0.0.1 with its data in a temporary
 * directory (deleted on close): the demo's registry when no ZooKeeper is given.
 */
final class EmbeddedZooKeeper implements AutoCloseable {
    private static final int TICK_MS = 500;

    private final Path dir;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;

    private EmbeddedZooKeeper(Path dir, ZooKeeperServer server, ServerCnxnFactory connections) {
        this.dir = dir;
        this.server = server;
        this.connections = connections;
    }

    static EmbeddedZooKeeper start() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ctec-demo-zookeeper");
            ZooKeeperServer server = new ZooKeeperServer(dir.toFile(), dir.toFile(), TICK_MS);
            ServerCnxnFactory connections = ServerCnxnFactory.createFactory(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            connections.startup(server);
            return new EmbeddedZooKeeper(dir, server, connections);
        } catch (IOException | RuntimeException | LinkageError e) {
            delete(dir);
            throw CliException.failure("The demo could not start its own ZooKeeper (" + e.getMessage()
                    + "): pass --zookeeper HOST:PORT to use one that runs.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(dir);
            throw CliException.failure("Interrupted while starting the demo's ZooKeeper.", e);
        }
    }

    String connectString() {
        return "127.0.0.1:" + connections.getLocalPort();
    }

    @Override
    public void close() {
        connections.shutdown();
        server.shutdown();
        delete(dir);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: the system cleans it eventually.
        }
    }
}
