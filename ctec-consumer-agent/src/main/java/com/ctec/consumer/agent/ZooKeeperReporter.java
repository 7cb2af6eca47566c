package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.internal.AppNames;
import com.ctec.consumer.spi.ConsumerState;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps this process's EPHEMERAL znode {@code <root>/<app>/<hostIp>:<pid>} in one ZooKeeper
 * registry, for the consumers that share it, and rewrites it every interval.
 *
 * <p>Threads: {@link #changed()} and {@link #handled()} are called from the consumers' threads and
 * only flip a flag or bump a counter; everything else runs on the {@link AgentThread}. Curator
 * writes in the background, and its {@link PersistentNode} re-creates the node after a session
 * loss. The node is created once a consumer is RUNNING (so its local address is known).
 *
 * <p>ZooKeeper down, slow or misnamed: one warning, Curator keeps retrying with backoff, and one
 * line when it answers again; the consumers never wait for it.
 */
final class ZooKeeperReporter {
    /** {@code ctec.agent.zkSessionTimeoutMs}: how soon a killed process's entry disappears (the server may bound it). */
    static final String SESSION_TIMEOUT_PROPERTY = "ctec.agent.zkSessionTimeoutMs";
    /** {@code ctec.agent.zkConnectionTimeoutMs}: how long without a connection before the one warning. */
    static final String CONNECTION_TIMEOUT_PROPERTY = "ctec.agent.zkConnectionTimeoutMs";

    private final Key key;
    private final AgentThread thread;
    private final Sampler sampler;
    private final List<ConsumerTap> taps = new CopyOnWriteArrayList<>();
    private final LongAdder handled = new LongAdder();
    private final Series consumed = new Series(Sampler.POINTS);
    private final AtomicBoolean publishPending = new AtomicBoolean();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private volatile boolean everConnected;
    private volatile boolean closed;
    private volatile String path; // Written once on the agent thread; read in warnings from Curator's.
    // Agent thread only.
    private long handledBefore;
    private String hostIp;
    private CuratorFramework client;
    private PersistentNode node;

    /**
     * Consumers with equal keys share one znode. The digest is part of the key but never printed.
     *
     * @param zookeeper the connect string
     * @param digest    {@code user:password}, or null
     * @param root      the registry root, e.g. /ctec-consumer
     * @param app       the app name (appName, or the queue when none)
     */
    record Key(String zookeeper, String digest, String root, String app) {
        static Key of(ConsumerTap tap) {
            var info = tap.info();
            return new Key(info.zookeeper().orElseThrow(), tap.zookeeperDigest().orElse(null), info.zookeeperRoot(),
                    tap.app());
        }

        @Override
        public String toString() {
            return zookeeper + root + "/" + app;
        }
    }

    ZooKeeperReporter(Key key, AgentThread thread, Sampler sampler) {
        this.key = key;
        this.thread = thread;
        this.sampler = sampler;
    }

    Key key() {
        return key;
    }

    void attach(ConsumerTap tap) {
        taps.add(tap);
        changed();
    }

    /** Removes a stopped consumer; true when none is left (then the caller closes this reporter). */
    boolean detach(ConsumerTap tap) {
        taps.remove(tap);
        if (taps.isEmpty()) {
            return true;
        }
        changed();
        return false;
    }

    /** A message was settled (acked, retried, rejected or dead-lettered). */
    void handled() {
        handled.increment();
    }

    /** Something the entry shows changed (a state, the queues): rewrite it soon, once however many ask. */
    void changed() {
        if (publishPending.compareAndSet(false, true)) {
            thread.execute(() -> {
                publishPending.set(false);
                publish();
            });
        }
    }

    /** Closes the interval that started at {@code intervalStart} and rewrites the entry. */
    void tick(long intervalStart) {
        long total = handled.sum();
        consumed.add(intervalStart, total - handledBefore);
        handledBefore = total;
        publish();
    }

    /**
     * Deletes the entry and closes the client. Without a connection there is nothing to delete
     * (the session's end removes the entry) and ZooKeeper's close would wait for a reconnect
     * attempt, so the client is closed on a throwaway thread instead.
     */
    void close() {
        closed = true;
        if (client == null) {
            return;
        }
        CuratorFramework closing = client;
        client = null;
        if (!closing.getZookeeperClient().isConnected()) {
            Thread.ofPlatform().daemon(true).name("ctec-agent-close").start(closing::close);
            return;
        }
        try {
            node.close();
        } catch (Exception e) {
            ProcessAgent.LOG.debug("Could not delete registry entry {}; its session's end removes it.", path, e);
        } finally {
            closing.close();
        }
    }

    private void publish() {
        if (closed || (client == null && !register())) {
            return;
        }
        byte[] data = entry().toJson().getBytes(StandardCharsets.UTF_8);
        if (node.getActualPath() == null) {
            return; // Not created yet: PersistentNode writes its initial data, then nodeCreated asks for a fresh one.
        }
        try {
            node.setData(data);
        } catch (Exception e) {
            ProcessAgent.LOG.debug("Registry entry {} not rewritten this time: {}", path, e.toString());
        }
    }

    private boolean register() {
        ConsumerTap running = taps.stream().filter(t -> t.info().state() == ConsumerState.RUNNING).findFirst().orElse(null);
        if (running == null) {
            return false; // Its local address is known only once connected.
        }
        hostIp = ProcessFacts.hostIp(running.info());
        path = key.root() + "/" + segment(key.app()) + "/" + segment(hostIp + ":" + ProcessFacts.PID);
        try {
            client = newClient();
            client.start();
        } catch (RuntimeException e) {
            client = null;
            warnUnreachable("its connect string was refused: " + e.getMessage());
            return false;
        }
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        try {
            node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, entry().toJson().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Names are made into valid segments, so this is a bug; still, one warning and no client left open.
            ProcessAgent.LOG.warn("Registry entry {} cannot be created ({}): this process is not registered.", path, e.getMessage());
            closed = true;
            client.close();
            client = null;
            return false;
        }
        node.getListenable().addListener(created -> changed());
        node.start();
        Duration connectionTimeout = Duration.ofMillis(connectionTimeoutMs());
        thread.after(connectionTimeout, () -> {
            if (!everConnected) {
                warnUnreachable("no connection after " + connectionTimeout.toMillis() + " ms");
            }
        });
        ProcessAgent.LOG.info("Registering this process in ZooKeeper at {} as {}, rewritten every {} ms.", key.zookeeper(),
                path, sampler.interval().toMillis());
        return true;
    }

    private CuratorFramework newClient() {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(key.zookeeper())
                .sessionTimeoutMs((int) Long.getLong(SESSION_TIMEOUT_PROPERTY, 30_000L).longValue())
                .connectionTimeoutMs((int) connectionTimeoutMs())
                .retryPolicy(new BoundedExponentialBackoffRetry(1_000, 30_000, 10))
                // Keep the connect string given: the ensemble tracker may replace it with addresses this host cannot reach.
                .ensembleTracker(false);
        if (key.digest() != null) {
            builder.authorization("digest", key.digest().getBytes(StandardCharsets.UTF_8)).aclProvider(new ZooKeeperAcl(path));
        }
        return builder.build();
    }

    private void connectionChanged(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                everConnected = true;
                if (unreachable.compareAndSet(true, false)) {
                    ProcessAgent.LOG.info("ZooKeeper at {} answers again: re-registering {}.", key.zookeeper(), path);
                }
            }
            case SUSPENDED, LOST -> warnUnreachable("connection " + state.name().toLowerCase());
            default -> {
            }
        }
    }

    private void warnUnreachable(String why) {
        // Closing the client reports the connection lost too: not worth a warning.
        if (!closed && unreachable.compareAndSet(false, true)) {
            ProcessAgent.LOG.warn("ZooKeeper at {} is unreachable ({}): consuming goes on; registry entry {} is written again "
                    + "when ZooKeeper answers (retrying with backoff).", key.zookeeper(), why, path);
        }
    }

    private RegistryEntry entry() {
        List<RegistryEntry.Queue> queues = taps.stream().map(ConsumerTap::queueEntry).toList();
        String appDesc = taps.stream().map(t -> t.info().appDesc()).filter(d -> !d.isBlank()).findFirst().orElse("");
        return new RegistryEntry(key.app(), appDesc, ProcessFacts.DEPLOY_PATH, hostIp, ProcessFacts.PID,
                ProcessFacts.VERSION, ProcessFacts.STARTED_AT, System.currentTimeMillis(), state(), Sampler.threadCount(),
                sampler.interval().toMillis(), queues, sampler.cpu(), sampler.memory(), consumed.points(),
                sampler.heapUsed(), sampler.threadCounts());
    }

    /** RECOVERING if any consumer is, else STOPPING if any is, else RUNNING. */
    private String state() {
        boolean stopping = false;
        for (ConsumerTap tap : taps) {
            ConsumerState state = tap.info().state();
            if (state == ConsumerState.RECOVERING) {
                return state.name();
            }
            stopping |= state == ConsumerState.STOPPING || state == ConsumerState.STOPPED;
        }
        return stopping ? ConsumerState.STOPPING.name() : ConsumerState.RUNNING.name();
    }

    private static long connectionTimeoutMs() {
        return Long.getLong(CONNECTION_TIMEOUT_PROPERTY, 15_000L);
    }

    /** A slash (or a character ZooKeeper refuses) in an app or queue name would break the path: shown as '_'. */
    private static String segment(String name) {
        return AppNames.segment(name);
    }
}
