package com.ctec.consumer.dashboard;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.agent.registry.HistorySeries;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import com.ctec.consumer.agent.registry.RegistryPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.TxnLog;
import org.apache.zookeeper.server.persistence.Util;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Simulated processes writing to a real ZooKeeper (curator-test) exactly the documents the agent
 * writes ({@link RegistryEntry#toJson()}, {@link HistorySeries#toJson()}) on the agent's schedule:
 * the entry rewritten once a minute, each closed hour created once under the history root, the
 * hour that falls out of the day deleted. It measures what that costs ZooKeeper: the bytes its
 * transaction log grows by, read record by record from the log (so the log's preallocation does not
 * count), per process and minute; and the same for the layout before issue 15 (the whole day in an
 * entry of five 1,440-point series, rewritten every minute). docs/monitoring.md has the figures.
 *
 * <p>A window of an hour crosses one hour's end, so every process closes one hour in it (and deletes
 * the one that left the day); the day of history kept before the window is written beforehand and
 * not counted.
 */
final class FleetSimulator implements AutoCloseable {
    static final String ROOT = TestFleet.ROOT;
    private static final long MINUTE = RegistryPaths.MINUTE_MS;
    private static final long HOUR = RegistryPaths.HOUR_MS;
    /** One client per this many processes: sessions are not what is measured. */
    private static final int PROCESSES_PER_CLIENT = 50;

    private final TestingServer zookeeper;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(8);
    private final List<Process> processes = new ArrayList<>();

    /** What one window cost: log bytes for so many process-minutes. */
    record Cost(long logBytes, int processes, int minutes) {
        double bytesPerProcessPerMinute() {
            return logBytes / (double) processes / minutes;
        }
    }

    FleetSimulator(int processCount, int appCount) throws Exception {
        zookeeper = new TestingServer(true);
        Random random = new Random(15);
        for (int i = 0; i < processCount; i++) {
            if (i % PROCESSES_PER_CLIENT == 0) {
                CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), 60_000, 15_000,
                        new RetryOneTime(200));
                client.start();
                client.blockUntilConnected();
                clients.add(client);
            }
            String app = "app-" + (i % appCount);
            processes.add(new Process(app, "10.0." + (i / 250) + "." + (i % 250), 1000 + i, random.nextLong(),
                    clients.get(clients.size() - 1)));
        }
    }

    String connectString() {
        return zookeeper.getConnectString();
    }

    /**
     * Writes a day of history and the entries, then measures {@code minutes} of the agent's writes
     * ending at {@code end} (epoch ms): the entries once a minute, an hour closed half-way.
     */
    Cost measureRegistry(long end, int minutes) throws Exception {
        long start = RegistryPaths.minuteOf(end) - minutes * MINUTE;
        long firstHour = RegistryPaths.hourOf(start) - 24 * HOUR;
        each(p -> p.create(ROOT, p.entry(start)));
        each(p -> {
            for (long hour = firstHour; hour < RegistryPaths.hourOf(start); hour += HOUR) {
                p.writeHour(hour);
            }
        });
        long fromZxid = lastZxid();
        for (long now = start + MINUTE + 30_000; now < end + MINUTE; now += MINUTE) {
            long at = now;
            long hour = RegistryPaths.hourOf(at);
            boolean hourClosed = hour != RegistryPaths.hourOf(at - MINUTE);
            each(p -> {
                if (hourClosed) {
                    p.writeHour(hour - HOUR);
                    p.deleteHour(hour - 25 * HOUR); // The agent deletes its hours older than a day.
                }
                p.rewrite(ROOT, p.entry(at));
            });
        }
        return new Cost(logBytesSince(fromZxid), processes.size(), minutes);
    }

    /** The same for the layout before issue 15: one entry a process with five series of a day, rewritten every minute. */
    Cost measureOldLayout(long end, int minutes) throws Exception {
        String root = "/ctec-consumer-before";
        each(p -> p.create(root, p.oldEntry(end - minutes * MINUTE)));
        long fromZxid = lastZxid();
        for (int m = 1; m <= minutes; m++) {
            long at = end - (minutes - m) * MINUTE;
            each(p -> p.rewrite(root, p.oldEntry(at)));
        }
        long bytes = logBytesSince(fromZxid);
        each(p -> p.client.delete().forPath(root + "/" + p.app + "/" + p.id()));
        return new Cost(bytes, processes.size(), minutes);
    }

    /** Rewrites every entry as of {@code now}, so a dashboard started now sees them fresh. */
    void refresh(long now) throws Exception {
        each(p -> p.rewrite(ROOT, p.entry(now)));
    }

    private interface Step {
        void run(Process process) throws Exception;
    }

    private void each(Step step) throws Exception {
        List<Future<?>> done = new ArrayList<>(processes.size());
        for (Process p : processes) {
            done.add(writers.submit(() -> {
                step.run(p);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private long lastZxid() throws Exception {
        // A write of its own: its zxid is the last one before the window.
        CuratorFramework client = clients.get(0);
        String marker = "/fleet-simulator-marker";
        if (client.checkExists().forPath(marker) == null) {
            client.create().forPath(marker);
        }
        return client.setData().forPath(marker, new byte[0]).getMzxid();
    }

    /** The bytes of the log records after {@code zxid}: each record is its marshalled entry, a checksum, a length and an end mark. */
    private long logBytesSince(long zxid) throws Exception {
        File logDir = new File(new File(zookeeper.getTempDirectory(), "version-2").getPath());
        long bytes = 0;
        TxnLog.TxnIterator records = new FileTxnLog(logDir).read(zxid + 1);
        try {
            while (records.getHeader() != null) {
                bytes += Util.marshallTxnEntry(records.getHeader(), records.getTxn(), records.getDigest()).length + 8 + 4 + 1;
                if (!records.next()) {
                    break;
                }
            }
        } finally {
            records.close();
        }
        return bytes;
    }

    @Override
    public void close() throws Exception {
        writers.shutdownNow();
        clients.forEach(CuratorFramework::close);
        zookeeper.close();
    }

    /** One simulated consumer process: its figures are a steady rhythm with noise, the same from run to run. */
    private static final class Process {
        final String app;
        final String hostIp;
        final long pid;
        final long seed;
        final CuratorFramework client;

        Process(String app, String hostIp, long pid, long seed, CuratorFramework client) {
            this.app = app;
            this.hostIp = hostIp;
            this.pid = pid;
            this.seed = seed;
            this.client = client;
        }

        String id() {
            return hostIp + ":" + pid;
        }

        String historyPath() {
            return RegistryPaths.historyRoot(ROOT) + "/" + app + "/" + id();
        }

        /** The entry at {@code now}: the last hour of each series, the minute in progress last. */
        RegistryEntry entry(long now) {
            long to = RegistryPaths.minuteOf(now);
            long from = to - HOUR + MINUTE;
            RegistryEntry.Queue queue = new RegistryEntry.Queue("q." + app + ".events", "/prod", "10.0.9.1:5672", 30, 5,
                    "THREADS", "RUNNING", new ConsumerStats(1_204_551, 1_203_980, 412, 31, 57, 443, 0, 0, 7),
                    value(now, 5, 400), new RegistryEntry.Failure(now - 42_000,
                    "java.sql.SQLTimeoutException: query timed out after 30000 ms on orders-db-3"));
            return new RegistryEntry(app, "the " + app + " service", "/opt/" + app, hostIp, pid, "1.4.2", now - 5 * 24 * HOUR,
                    now, "RUNNING", 43, MINUTE, List.of(queue), series(from, to, at -> round2(value(at, 1, 1_800) / 90.0 + 1.3)),
                    series(from, to, at -> round2(2.1 + value(at, 2, 200) / 100.0)), series(from, to, at -> value(at, 3, 1_800)),
                    series(from, to, at -> 180_000_000 + value(at, 4, 60_000_000)), series(from, to, at -> 40 + value(at, 6, 8)),
                    series(from, to, at -> value(at, 7, 12)), series(from, to, at -> value(at, 8, 3) / 3),
                    series(from, to, at -> value(at, 5, 400)));
        }

        /** The entry the agent wrote before issue 15: a day of five series, stamped with its own interval starts. */
        RegistryEntry oldEntry(long now) {
            long to = now - now % MINUTE + (seed & 0xffff) % MINUTE;
            long from = to - 24 * HOUR + MINUTE;
            return new RegistryEntry(app, "the " + app + " service", "/opt/" + app, hostIp, pid, "1.4.2", now - 5 * 24 * HOUR,
                    now, "RUNNING", 43, MINUTE, List.of(new RegistryEntry.Queue("q." + app + ".events", "/prod",
                    "10.0.9.1:5672", 30, 5, "THREADS", "RUNNING", new ConsumerStats(1_204_551, 1_203_980, 412, 31, 57, 443, 0, 0, 7))),
                    series(from, to, at -> round2(value(at, 1, 1_800) / 90.0 + 1.3)),
                    series(from, to, at -> round2(2.1 + value(at, 2, 200) / 100.0)), series(from, to, at -> value(at, 3, 1_800)),
                    series(from, to, at -> 180_000_000 + value(at, 4, 60_000_000)), series(from, to, at -> 40 + value(at, 6, 8)));
        }

        HistorySeries hour(long start) {
            long to = start + HOUR - MINUTE;
            return new HistorySeries(series(start, to, at -> round2(value(at, 1, 1_800) / 90.0 + 1.3)),
                    series(start, to, at -> round2(2.1 + value(at, 2, 200) / 100.0)), series(start, to, at -> value(at, 3, 1_800)),
                    series(start, to, at -> value(at, 7, 12)), series(start, to, at -> value(at, 8, 3) / 3),
                    series(start, to, at -> value(at, 5, 400)));
        }

        void create(String root, RegistryEntry entry) throws Exception {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath(root + "/" + app + "/" + id(), entry.toJson().getBytes(StandardCharsets.UTF_8));
        }

        void rewrite(String root, RegistryEntry entry) throws Exception {
            client.setData().forPath(root + "/" + app + "/" + id(), entry.toJson().getBytes(StandardCharsets.UTF_8));
        }

        void writeHour(long start) throws Exception {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                    .forPath(historyPath() + "/" + start, hour(start).toJson().getBytes(StandardCharsets.UTF_8));
        }

        void deleteHour(long start) throws Exception {
            if (client.checkExists().forPath(historyPath() + "/" + start) != null) {
                client.delete().forPath(historyPath() + "/" + start);
            }
        }

        /** A whole number in [0, range) that follows a daily rhythm with noise, fixed by time, seed and salt. */
        private long value(long at, int salt, long range) {
            double day = (at % (24 * HOUR)) / (double) (24 * HOUR);
            double rhythm = 0.55 + 0.45 * Math.sin(2 * Math.PI * (day - 0.3));
            double noise = new Random(seed ^ (at / MINUTE) * 31 + salt).nextDouble();
            return (long) (range * (0.7 * rhythm + 0.3 * noise)) % Math.max(1, range);
        }

        private static double round2(double value) {
            return Math.round(value * 100) / 100.0;
        }

        private static List<Point> series(long from, long to, LongFunction<Number> value) {
            List<Point> points = new ArrayList<>();
            for (long at = from; at <= to; at += MINUTE) {
                points.add(new Point(at, value.apply(at).doubleValue()));
            }
            return points;
        }
    }
}
