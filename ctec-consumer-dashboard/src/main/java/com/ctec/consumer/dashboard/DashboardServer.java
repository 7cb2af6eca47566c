package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryClient;
import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.agent.registry.RegistryReader;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fleet dashboard: an overview page, a page per app and a read-only JSON API under
 * {@code /api/}, served by the JDK's HTTP server and kept live from ZooKeeper watches on the
 * consumer registry (docs/dashboard.md).
 *
 * <pre>{@code
 * try (DashboardServer dashboard = DashboardServer.start("zk1:2181", "/ctec-consumer", "127.0.0.1", 8080)) {
 *     System.out.println(dashboard.url());
 *     ...
 * }
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
    public static final String DEFAULT_ROOT = "/ctec-consumer";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** How long an instance whose znode vanished stays on the pages, greyed. */
    public static final Duration GONE_KEPT = Duration.ofMinutes(10);

    private static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("ctec-dashboard-clock").factory());
    private final Fleet fleet = new Fleet(System::currentTimeMillis, GONE_KEPT.toMillis());
    private final CountDownLatch closed = new CountDownLatch(1);
    private CuratorFramework client;
    private RegistryWatch watch;
    private RegistryReader reader;

    private DashboardServer(HttpServer http) {
        this.http = http;
    }

    /**
     * Binds the port, connects to ZooKeeper (waiting up to 10 s), starts watching the registry
     * and serving.
     *
     * @param zookeeper the ZooKeeper connect string, {@code host:port[,host:port]}
     * @param root      the registry's root znode, e.g. {@link #DEFAULT_ROOT}
     * @param bind      the address to listen on, e.g. {@link #DEFAULT_BIND}; 0.0.0.0 serves every interface
     * @param port      the TCP port; 0 picks a free one ({@link #port()} tells which)
     * @throws IllegalArgumentException when an argument is malformed (the message names it and the fix)
     * @throws IllegalStateException    when the port is taken or no ZooKeeper answers
     */
    public static DashboardServer start(String zookeeper, String root, String bind, int port) {
        if (zookeeper == null || zookeeper.isBlank()) {
            throw new IllegalArgumentException("No ZooKeeper given: pass its connect string, host:port[,host:port].");
        }
        if (!RegistryPaths.isRoot(root)) {
            throw new IllegalArgumentException("The registry root was '" + root
                    + "': use an absolute path without a trailing slash, e.g. " + DEFAULT_ROOT + ".");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The port was " + port + ": use 1-65535, or 0 for any free port.");
        }
        InetSocketAddress address = new InetSocketAddress(address(bind), port);
        DashboardServer server = new DashboardServer(bindHttp(address));
        try {
            server.connect(zookeeper.trim(), root);
            server.serve(root, address.getAddress().isLoopbackAddress());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The address to open in a browser. */
    public URI url() {
        InetAddress address = http.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The TCP port listened on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Blocks until {@link #close()}. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops serving (open event streams end), stops watching and disconnects from ZooKeeper. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        fleet.changes().close();
        http.stop(0);
        handlers.shutdownNow();
        clock.shutdownNow();
        if (watch != null) {
            watch.close();
        }
        if (client != null) {
            client.close();
        }
        closed.countDown();
    }

    /**
     * Standalone use: {@code java -cp ... com.ctec.consumer.dashboard.DashboardServer --zookeeper HOSTS
     * [--port 8080] [--bind 127.0.0.1] [--root /ctec-consumer]}; the ZooKeeper defaults to
     * {@code $CTEC_ZOOKEEPER_HOSTS}. Runs until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        String zookeeper = System.getenv("CTEC_ZOOKEEPER_HOSTS");
        String root = DEFAULT_ROOT;
        String bind = DEFAULT_BIND;
        int port = DEFAULT_PORT;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--zookeeper" -> zookeeper = args[i + 1];
                case "--root" -> root = args[i + 1];
                case "--bind" -> bind = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + ": use --zookeeper HOSTS, --port N, --bind ADDRESS, --root PATH.");
            }
        }
        DashboardServer dashboard = start(zookeeper, root, bind, port);
        Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "ctec-dashboard-stop"));
        System.out.println("Dashboard of " + root + " on ZooKeeper " + zookeeper + ": " + dashboard.url());
        dashboard.awaitClose();
    }

    private void connect(String zookeeper, String root) {
        client = RegistryClient.create(zookeeper, CONNECT_WAIT, null, new BoundedExponentialBackoffRetry(500, 10_000, 10), null, null);
        RegistryClient.connect(client, zookeeper, CONNECT_WAIT, "the connect string and that ZooKeeper runs");
        watch = new RegistryWatch(client, root, fleet);
        watch.start();
        reader = new RegistryReader(client, root, fleet::now);
    }

    private void serve(String root, boolean loopbackOnly) {
        RequestGuard guard = new RequestGuard(loopbackOnly);
        route("/", new PageHandler(), guard);
        route("/api/", new ApiHandler(fleet, reader, root), guard);
        route("/api/events", new EventStream(fleet.changes()), guard);
        http.setExecutor(handlers);
        http.start();
        // Time alone turns instances stale and lets gone ones expire: look once a second.
        clock.scheduleWithFixedDelay(fleet::refresh, 1, 1, TimeUnit.SECONDS);
        clock.scheduleWithFixedDelay(this::removeOldHistory, 1, 60, TimeUnit.MINUTES);
    }

    /** The readers' share of keeping the history small (shared/API.md): hours of processes gone for a day. */
    private void removeOldHistory() {
        try {
            reader.removeHistoryOfGoneInstances();
        } catch (RuntimeException e) {
            // ZooKeeper away or read-only credentials: the next hour, or another reader, tries again.
        }
    }

    private void route(String path, HttpHandler handler, RequestGuard guard) {
        HttpContext context = http.createContext(path, handler);
        context.getFilters().add(guard);
    }

    private static InetAddress address(String bind) {
        try {
            return InetAddress.getByName(bind == null || bind.isBlank() ? DEFAULT_BIND : bind.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The bind address '" + bind + "' is unknown: use an address of this host, "
                    + "e.g. 127.0.0.1 or 0.0.0.0.", e);
        }
    }

    private static HttpServer bindHttp(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new IllegalStateException("Cannot listen on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + " (" + e.getMessage() + "): choose another port, or stop what uses it.", e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the HTTP server on " + address + ": " + e.getMessage(), e);
        }
    }
}
