package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryClient;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.spi.Outcome;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this process's EPHEMERAL znode {@code <root>/<app>/<hostIp>:<pid>} in one ZooKeeper
 * registry, for the consumers that share it, and rewrites it every interval with the last hour of
 * each series; when an hour closes, writes it once to the PERSISTENT history node
 * {@code <root>-history/<app>/<hostIp>:<pid>/<hourStart>} and deletes its own hours older than a day
 * ({@link HistoryWriter}).
 *
 * <p>Threads: {@link #changed()}, {@link #settled} and {@link #failed()} are called from the
 * consumers' threads and only flip a flag or bump a counter; everything else runs on the {@link AgentThread}. Curator
 * writes in the background, and its {@link PersistentNode} re-creates the node after a session
 * loss. The node is created once a consumer is RUNNING (so its local address is known).
 *
 * <p>ZooKeeper down, slow or misnamed: one warning, Curator keeps retrying with backoff, and one
 * line when it answers again ({@link ZooKeeperWarnings}); the consumers never wait for it. The
 * series the entry holds are kept by {@link ProcessSeries}.
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
    private final ProcessSeries series;
    private final AtomicBoolean publishPending = new AtomicBoolean();
    private final ZooKeeperWarnings warnings;
    private volatile boolean closed;
    private volatile String path; // Written once on the agent thread.
    // Agent thread only.
    private long hour;
    private String hostIp;
    private CuratorFramework client;
    private PersistentNode node;
    private HistoryWriter history;

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

    ZooKeeperReporter(Key key, AgentThread thread, Sampler sampler, long now) {
        this.key = key;
        this.thread = thread;
        this.sampler = sampler;
        this.series = new ProcessSeries(sampler, now);
        this.warnings = new ZooKeeperWarnings(key.zookeeper());
        this.hour = RegistryPaths.hourOf(now);
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

    /** A message was settled: handled unless abandoned, and a dead letter when rejected or out of attempts. */
    void settled(Outcome outcome) {
        series.settled(outcome);
    }

    /** A worker call failed (exception, null, REDELIVER, failed forward). */
    void failed() {
        series.failed();
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

    /**
     * Records the counts and the backlog at {@code now} into the minute in progress (closing the
     * previous minute if {@code now} is past it); when an hour has closed, hands it to the history.
     * The {@link Sampler} has recorded {@code now} already.
     */
    void record(long now) {
        series.record(now, readBacklog());
        long current = RegistryPaths.hourOf(now);
        if (current > hour) {
            long closed = hour;
            hour = current;
            if (history != null) {
                history.closed(closed, series.history(closed, current));
            }
        }
        if (history != null) {
            history.flush(now);
        }
    }

    /** Records at {@code now} and rewrites the entry. */
    void tick(long now) {
        record(now);
        publish(now);
    }

    /**
     * Deletes the entry and closes the client. Without a connection there is nothing to delete
     * (the session's end removes the entry) and ZooKeeper's close would wait for a reconnect
     * attempt, so the client is closed on a throwaway thread instead.
     */
    void close() {
        closed = true;
        warnings.close();
        if (client == null) {
            return;
        }
        CuratorFramework closing = client;
        client = null;
        if (!closing.getZookeeperClient().isConnected()) {
            Thread.ofPlatform().daemon(true).name("ctec-agent-close").start(closing::close);
            return;
        }
        deleteThenClose(closing, node, path);
    }

    /** How long a close waits for ZooKeeper's answers already on their way (it answers in milliseconds when up). */
    static final long CLOSE_BARRIER_MS = 2_000;

    /**
     * Deletes the entry, then closes the client once the callbacks of requests already sent have run.
     * PersistentNode re-arms a watch on its node after every rewrite; one answered after the client
     * was closed made Curator log an ERROR with a stack trace ("Background exception was not
     * retry-able ... Client is not started") at a graceful stop (seen at the end of bin/demo).
     * ZooKeeper answers a session's requests in order and runs their callbacks in order, so the
     * answer to a request of our own, sent last, marks the point after which closing is quiet.
     */
    static void deleteThenClose(CuratorFramework client, PersistentNode node, String path) {
        try {
            node.close();
            CountDownLatch answered = new CountDownLatch(1);
            client.checkExists().inBackground((c, event) -> answered.countDown()).forPath(path);
            answered.await(CLOSE_BARRIER_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ProcessAgent.LOG.debug("Could not delete registry entry {}; its session's end removes it.", path, e);
        } finally {
            client.close();
        }
    }

    private void publish() {
        publish(ProcessAgent.now());
    }

    private void publish(long now) {
        if (closed || (client == null && !register(now))) {
            return;
        }
        byte[] data = entry(now).toJson().getBytes(StandardCharsets.UTF_8);
        if (node.getActualPath() == null) {
            return; // Not created yet: PersistentNode writes its initial data, then nodeCreated asks for a fresh one.
        }
        try {
            node.setData(data);
        } catch (Exception e) {
            ProcessAgent.LOG.debug("Registry entry {} not rewritten this time: {}", path, e.toString());
        }
    }

    private boolean register(long now) {
        ConsumerTap running = taps.stream().filter(t -> t.info().state() == ConsumerState.RUNNING).findFirst().orElse(null);
        if (running == null) {
            return false; // Its local address is known only once connected.
        }
        hostIp = ProcessFacts.hostIp(running.info());
        path = RegistryPaths.child(RegistryPaths.child(key.root(), RegistryPaths.segment(key.app())),
                RegistryPaths.segment(hostIp + ":" + ProcessFacts.PID));
        warnings.entry(path);
        try {
            client = newClient();
            client.start();
        } catch (RuntimeException e) {
            client = null;
            warnings.unreachable("its connect string was refused: " + e.getMessage());
            return false;
        }
        client.getConnectionStateListenable().addListener((c, state) -> warnings.connectionChanged(state));
        // A sampler shared with an older entry may not have sampled this minute yet: the first entry shows it in every series.
        sampler.record(now);
        try {
            node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, entry(now).toJson().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Names are made into valid segments, so this is a bug; still, one warning and no client left open.
            ProcessAgent.LOG.warn("Registry entry {} cannot be created ({}): this process is not registered.", path, e.getMessage());
            closed = true;
            warnings.close();
            client.close();
            client = null;
            return false;
        }
        history = new HistoryWriter(client, RegistryPaths.child(RegistryPaths.child(RegistryPaths.historyRoot(key.root()),
                RegistryPaths.segment(key.app())), RegistryPaths.segment(hostIp + ":" + ProcessFacts.PID)));
        node.getListenable().addListener(created -> changed());
        node.start();
        Duration connectionTimeout = Duration.ofMillis(connectionTimeoutMs());
        thread.after(connectionTimeout, () -> {
            if (!warnings.everConnected()) {
                warnings.unreachable("no connection after " + connectionTimeout.toMillis() + " ms");
            }
        });
        ProcessAgent.LOG.info("Registering this process in ZooKeeper at {} as {}, rewritten every {} ms.", key.zookeeper(),
                path, sampler.interval().toMillis());
        return true;
    }

    private CuratorFramework newClient() {
        return RegistryClient.create(key.zookeeper(), Duration.ofMillis(connectionTimeoutMs()),
                Duration.ofMillis(Long.getLong(SESSION_TIMEOUT_PROPERTY, 30_000L)), new BoundedExponentialBackoffRetry(1_000, 30_000, 10),
                key.digest(), key.digest() == null ? null : new ZooKeeperAcl(path));
    }

    /** The entry at {@code now}: the last hour of each series, the minute in progress included. */
    private RegistryEntry entry(long now) {
        List<RegistryEntry.Queue> queues = taps.stream().map(ConsumerTap::queueEntry).toList();
        String appDesc = taps.stream().map(t -> t.info().appDesc()).filter(d -> !d.isBlank()).findFirst().orElse("");
        return series.entry(key.app(), appDesc, hostIp, now, state(), queues);
    }

    /**
     * The sum of the queues' ready messages at their last reading, or -1 when none could be read;
     * asks for fresh readings for the next sample (the agent thread never waits for the broker).
     */
    private long readBacklog() {
        long sum = -1;
        for (ConsumerTap tap : taps) {
            tap.refreshBacklog();
            long ready = tap.backlog();
            if (ready >= 0) {
                sum = Math.max(sum, 0) + ready;
            }
        }
        return sum;
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
}
