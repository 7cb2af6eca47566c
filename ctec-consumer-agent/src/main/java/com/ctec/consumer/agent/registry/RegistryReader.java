package com.ctec.consumer.agent.registry;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the consumer registry ({@code <root>/<appName>/<hostIp>:<pid>}) from ZooKeeper, for
 * dashboards and tools; the caller owns and starts the Curator client.
 *
 * <p>Every method reads ZooKeeper now (no cache). Entries that vanish while being read (a process
 * stopping) are skipped, and so are nodes that {@link EntryValidator} finds invalid: those are
 * handed to the caller's {@code invalid} callback, when one is given, with the problem. ZooKeeper
 * errors are thrown as {@link IllegalStateException} naming the path, with the Curator exception as cause.
 */
public final class RegistryReader {
    private final CuratorFramework client;
    private final String root;

    /** A reader of the registry under {@code root}, e.g. {@code /ctec-consumer}. */
    public RegistryReader(CuratorFramework client, String root) {
        if (root == null || !root.startsWith("/") || (root.length() > 1 && root.endsWith("/"))) {
            throw new IllegalArgumentException("root was '" + root
                    + "': use an absolute path without a trailing slash, e.g. /ctec-consumer.");
        }
        this.client = client;
        this.root = root;
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
            switch (EntryValidator.check(instance, data, System.currentTimeMillis())) {
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
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }

    private static IllegalStateException failed(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("could not read " + path + " from ZooKeeper: " + e, e);
    }
}
