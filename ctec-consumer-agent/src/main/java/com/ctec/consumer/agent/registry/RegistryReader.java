package com.ctec.consumer.agent.registry;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads the consumer registry ({@code <root>/<appName>/<hostIp>:<pid>}) from ZooKeeper, for
 * dashboards and tools; the caller owns and starts the Curator client.
 *
 * <p>Entries hold the last hour of each series; {@link #withHistory} joins the closed hours kept
 * under {@link RegistryPaths#historyRoot} into the last 24 hours, and
 * {@link #removeHistoryOfGoneInstances} is the readers' share of keeping that history small.
 *
 * <p>Every method reads ZooKeeper now, but for closed hours of history, which never change once
 * written: the last {@value #CACHED_HOURS} read are kept. Thread-safe. Entries that vanish while being read (a process
 * stopping) are skipped, and so are nodes that {@link EntryValidator} finds invalid: those are
 * handed to the caller's {@code invalid} callback, when one is given, with the problem. ZooKeeper
 * errors are thrown as {@link IllegalStateException} naming the path, with the Curator exception as cause.
 */
public final class RegistryReader {
    /** About 500 KB a thousand hours parsed: a day of 80 instances. */
    private static final int CACHED_HOURS = 2_000;

    private final CuratorFramework client;
    private final String root;
    private final String historyRoot;
    private final LongSupplier clock;
    /** Closed hours by path, least recently used first. */
    private final Map<String, HistorySeries> hourCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HistorySeries> eldest) {
            return size() > CACHED_HOURS;
        }
    };

    /** A reader of the registry under {@code root}, e.g. {@code /ctec-consumer}. */
    public RegistryReader(CuratorFramework client, String root) {
        this(client, root, System::currentTimeMillis);
    }

    /** A reader whose "now" (what the last 24 hours are, how far ahead an entry may be) comes from {@code clock}, epoch ms. */
    public RegistryReader(CuratorFramework client, String root, LongSupplier clock) {
        if (!RegistryPaths.isRoot(root)) {
            throw new IllegalArgumentException("root was '" + root
                    + "': use an absolute path without a trailing slash, e.g. /ctec-consumer.");
        }
        this.client = client;
        this.root = root;
        this.historyRoot = RegistryPaths.historyRoot(root);
        this.clock = clock;
    }

    /** The application names registered, sorted; empty when the root does not exist. */
    public List<String> apps() {
        return children(root);
    }

    /** A node under the registry that holds no entry to believe, and why ({@link EntryValidator.Invalid#problem()}). */
    public record InvalidNode(String path, String problem) {
    }

    /** The running instances of {@code app}, sorted by {@code hostIp:pid}; empty when there are none. */
    public List<RegistryEntry> instances(String app) {
        return instances(app, invalid -> { });
    }

    /** {@link #instances(String)}, telling {@code invalid} of each node skipped as invalid. */
    public List<RegistryEntry> instances(String app, Consumer<InvalidNode> invalid) {
        String appPath = path(root, app);
        List<RegistryEntry> entries = new ArrayList<>();
        for (String instance : children(appPath)) {
            String path = path(appPath, instance);
            byte[] data = read(path);
            if (data == NO_NODE) {
                continue;
            }
            // A foreign, half-written or hostile node must not hide the others, nor be believed.
            switch (EntryValidator.check(instance, data, clock.getAsLong())) {
                case EntryValidator.Valid valid -> entries.add(valid.entry());
                case EntryValidator.Invalid bad -> invalid.accept(new InvalidNode(path, bad.problem()));
            }
        }
        return entries;
    }

    /** Every application with its instances, by application name in order; apps with no instance left are omitted. */
    public Map<String, List<RegistryEntry>> all() {
        return all(invalid -> { });
    }

    /** {@link #all()}, telling {@code invalid} of each node skipped as invalid. */
    public Map<String, List<RegistryEntry>> all(Consumer<InvalidNode> invalid) {
        Map<String, List<RegistryEntry>> all = new LinkedHashMap<>();
        for (String app : apps()) {
            List<RegistryEntry> instances = instances(app, invalid);
            if (!instances.isEmpty()) {
                all.put(app, instances);
            }
        }
        return all;
    }

    /** The running instances of {@code app} as {@link #instances} reads them, each with its last 24 hours joined. */
    public List<RegistryEntry> instancesWithHistory(String app) {
        return instances(app).stream().map(entry -> withHistory(app, entry)).toList();
    }

    /**
     * {@code entry} with its six history series holding the last 24 hours: the closed hours of
     * {@code <historyRoot>/<app>/<hostIp>:<pid>} joined with the entry's own last hour.
     *
     * @param app the app's znode name (the name {@link #apps()} lists)
     */
    public RegistryEntry withHistory(String app, RegistryEntry entry) {
        long from = clock.getAsLong() - RegistryPaths.DAY_MS;
        HistorySeries day = HistorySeries.EMPTY;
        for (long hour : hours(app, entry.instanceId())) {
            if (hour + RegistryPaths.HOUR_MS <= from) {
                continue;
            }
            day = day.join(hour(hourPath(app, entry.instanceId(), hour), hour));
        }
        HistorySeries joined = day.join(entry.series()).between(from, Long.MAX_VALUE);
        return entry.withSeries(joined);
    }

    /** The hours kept for one instance, oldest first; empty when it has none. */
    public List<Long> hours(String app, String instanceId) {
        List<Long> hours = new ArrayList<>();
        for (String name : children(RegistryPaths.child(path(historyRoot, app), instanceId))) {
            try {
                hours.add(Long.parseLong(name));
            } catch (NumberFormatException notAnHour) {
                // Not ours: ignored.
            }
        }
        hours.sort(null);
        return hours;
    }

    /**
     * Deletes the hours older than 24 hours of instances that have no entry any more, so the
     * history of a process gone for a day is gone too (a live process deletes its own). Hours the
     * reader may not delete (another user's ACL) are left for their owner. Returns how many it deleted.
     */
    public int removeHistoryOfGoneInstances() {
        long expired = clock.getAsLong() - RegistryPaths.DAY_MS;
        int deleted = 0;
        for (String app : children(historyRoot)) {
            for (String instance : children(path(historyRoot, app))) {
                if (exists(path(path(root, app), instance))) {
                    continue;
                }
                for (long hour : hours(app, instance)) {
                    if (hour + RegistryPaths.HOUR_MS <= expired && delete(hourPath(app, instance, hour))) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    /** One closed hour, from the cache or ZooKeeper; empty when it is gone or not history. */
    private HistorySeries hour(String path, long hourStart) {
        synchronized (hourCache) {
            HistorySeries cached = hourCache.get(path);
            if (cached != null) {
                return cached;
            }
        }
        byte[] data = read(path);
        if (data == NO_NODE) {
            return HistorySeries.EMPTY;
        }
        // A foreign, damaged or hostile node costs its hour, not the day.
        if (!(EntryValidator.checkHour(hourStart, data) instanceof EntryValidator.ValidHour(HistorySeries hour))) {
            return HistorySeries.EMPTY;
        }
        synchronized (hourCache) {
            hourCache.put(path, hour);
        }
        return hour;
    }

    private String hourPath(String app, String instanceId, long hour) {
        return path(path(path(historyRoot, app), instanceId), Long.toString(hour));
    }

    private boolean exists(String path) {
        try {
            return client.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw failed(path, e);
        }
    }

    private boolean delete(String path) {
        try {
            client.delete().forPath(path);
            return true;
        } catch (KeeperException.NoNodeException | KeeperException.NoAuthException | KeeperException.NotEmptyException e) {
            return false;
        } catch (Exception e) {
            throw failed(path, e);
        }
    }

    private List<String> children(String path) {
        try {
            List<String> children = new ArrayList<>(client.getChildren().forPath(path));
            children.sort(null);
            return children;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failed(path, e);
        }
    }

    /** What {@link #read} returns for a node that vanished, told apart by identity (an empty node holds an empty array too). */
    private static final byte[] NO_NODE = new byte[0];

    private byte[] read(String path) {
        try {
            return client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return NO_NODE;
        } catch (Exception e) {
            throw failed(path, e);
        }
    }

    private static String path(String parent, String child) {
        return RegistryPaths.child(parent, child);
    }

    private static IllegalStateException failed(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("could not read " + path + " from ZooKeeper: " + e, e);
    }
}
