package com.ctec.consumer.agent.registry;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the consumer registry ({@code <root>/<appName>/<hostIp>:<pid>}) from ZooKeeper, for
 * dashboards and tools; the caller owns and starts the Curator client.
 *
 * <p>Every method reads ZooKeeper now (no cache). Entries that vanish while being read (a process
 * stopping) are skipped, as are entries that are not valid registry JSON. ZooKeeper errors are
 * thrown as {@link IllegalStateException} naming the path, with the Curator exception as cause.
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

    /** The running instances of {@code app}, sorted by {@code hostIp:pid}; empty when there are none. */
    public List<RegistryEntry> instances(String app) {
        String appPath = path(root, app);
        List<RegistryEntry> entries = new ArrayList<>();
        for (String instance : children(appPath)) {
            String json = read(path(appPath, instance));
            if (json == null) {
                continue;
            }
            try {
                entries.add(RegistryEntry.parse(json));
            } catch (IllegalArgumentException notAnEntry) {
                // A foreign or half-written node must not hide the others.
            }
        }
        return entries;
    }

    /** Every application with its instances, by application name in order; apps with no instance left are omitted. */
    public Map<String, List<RegistryEntry>> all() {
        Map<String, List<RegistryEntry>> all = new LinkedHashMap<>();
        for (String app : apps()) {
            List<RegistryEntry> instances = instances(app);
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

    private String read(String path) {
        try {
            return new String(client.getData().forPath(path), StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return null;
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
