package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three RabbitMQ nodes of scripts/rabbitmq-cluster (never the shared broker on 5672) and the
 * operator's commands the scenarios inject faults with. Node n: AMQP 570n, management 1570n.
 */
final class Nodes {
    static final Path ROOT = Path.of(System.getProperty("ctec.reliability.root", "..")).toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("scripts/rabbitmq-cluster");
    static final String HOST = shortHostname();

    private Nodes() {
    }

    static int amqpPort(int node) {
        return 5700 + node;
    }

    static int managementPort(int node) {
        return 15700 + node;
    }

    static String nodeName(int node) {
        return "n" + node + "@" + HOST;
    }

    /** The URL of one node, guest user, vhost /. */
    static String url(int node) {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort(node) + "/";
    }

    /** The test's own client of node {@code node} (it survives the node's restarts). */
    static Broker client(int node) {
        return new Broker(url(node), managementPort(node));
    }

    /** All three nodes in one URL, in order. */
    static String clusterUrl() {
        return "amqp://guest:guest@127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703/";
    }

    static boolean answers(int node) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", amqpPort(node)), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean tuned;

    /**
     * Starts the nodes with the script unless all three already serve AMQP; once per JVM, sets their
     * dead-letter confirm timeout even when they were up (nodes started by an older script have not
     * read it: scripts/rabbitmq-cluster, "tune").
     */
    static synchronized void ensureUp() {
        if (answers(1) && answers(2) && answers(3)) {
            if (!tuned) {
                run(60, SCRIPT.toString(), "tune");
                tuned = true;
            }
            return;
        }
        run(180, SCRIPT.toString(), "start");
        tuned = true;
    }

    static void stopApp(int node) {
        ctl(node, "stop_app");
    }

    static void startApp(int node) {
        ctl(node, "start_app");
        ctl(node, "await_startup");
    }

    /** Stops the node's Erlang VM entirely. */
    static void stopNode(int node) {
        run(120, SCRIPT.toString(), "stop-node", Integer.toString(node));
    }

    /** Starts the node's VM again and returns once it serves AMQP. */
    static void startNode(int node) {
        run(180, SCRIPT.toString(), "start-node", Integer.toString(node));
    }

    static void closeAllConnections(int node) {
        ctl(node, "close_all_connections", "ctec reliability test");
    }

    /** {@code rabbitmqctl -q -n nN@host args...}; returns its output, throws if it fails. */
    static String ctl(int node, String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q", "-n", nodeName(node)));
        command.addAll(List.of(args));
        return run(120, command.toArray(String[]::new));
    }

    static String run(int timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("ctec-reliability-cmd", ".txt");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String shortHostname() {
        try {
            Process process = new ProcessBuilder("hostname", "-s").start();
            String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return name;
        } catch (IOException e) {
            throw new IllegalStateException("hostname -s failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
