package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.HistorySeries;
import com.ctec.consumer.agent.registry.RegistryPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes the closed hours of one instance to {@code <historyRoot>/<app>/<hostIp>:<pid>/<hourStart>}
 * (PERSISTENT, each written once), and deletes its hours older than a day. The parents are
 * container nodes: ZooKeeper removes them once their last hour is deleted.
 *
 * <p>Agent thread only. ZooKeeper calls are made only while connected; an hour that could not be
 * written waits (at most a day of them) and is written at the next chance, so an outage costs no history.
 */
final class HistoryWriter {
    private static final int MAX_WAITING = 24;

    private final CuratorFramework client;
    private final String instancePath;
    private final Deque<Hour> waiting = new ArrayDeque<>();
    private long prunedAt;

    private record Hour(long start, HistorySeries series) {
    }

    HistoryWriter(CuratorFramework client, String instancePath) {
        this.client = client;
        this.instancePath = instancePath;
    }

    /** An hour has closed: it is written at the next {@link #flush}. An hour without any point is not written. */
    void closed(long hourStart, HistorySeries series) {
        if (series.cpu().isEmpty() && series.consumed().isEmpty()) {
            return;
        }
        if (waiting.size() == MAX_WAITING) {
            waiting.removeFirst();
        }
        waiting.addLast(new Hour(hourStart, series));
    }

    /** Writes the hours waiting, then (once an hour) deletes the hours older than a day; does nothing while disconnected. */
    void flush(long now) {
        if (!client.getZookeeperClient().isConnected()) {
            return;
        }
        try {
            while (!waiting.isEmpty()) {
                write(waiting.peekFirst());
                waiting.removeFirst();
            }
            if (RegistryPaths.hourOf(now) > prunedAt) {
                prune(now);
                prunedAt = RegistryPaths.hourOf(now);
            }
        } catch (Exception e) {
            ProcessAgent.LOG.debug("History under {} not written this time: {}", instancePath, e.toString());
        }
    }

    private void write(Hour hour) throws Exception {
        byte[] data = hour.series().toJson().getBytes(StandardCharsets.UTF_8);
        try {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                    .forPath(RegistryPaths.child(instancePath, Long.toString(hour.start())), data);
        } catch (KeeperException.NodeExistsException e) {
            // Written already (a retry after a lost answer): an hour is written once.
        }
    }

    private void prune(long now) throws Exception {
        List<String> hours;
        try {
            hours = client.getChildren().forPath(instancePath);
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        long expired = now - RegistryPaths.DAY_MS;
        for (String name : hours) {
            long start;
            try {
                start = Long.parseLong(name);
            } catch (NumberFormatException notAnHour) {
                continue;
            }
            if (start + RegistryPaths.HOUR_MS <= expired) {
                try {
                    client.delete().forPath(RegistryPaths.child(instancePath, name));
                } catch (KeeperException.NoNodeException e) {
                    // A reader removed it first.
                }
            }
        }
    }
}
