package com.ctec.consumer.agent.registry;

import com.ctec.consumer.internal.AppNames;

/**
 * Where the registry keeps what: entries under the root ({@code /ctec-consumer}), closed hours under
 * the history root next to it ({@code /ctec-consumer-history}); shared/API.md has the layout.
 */
public final class RegistryPaths {
    /** One minute, the step of every series. */
    public static final long MINUTE_MS = 60_000;
    /** One hour, what a history node holds. */
    public static final long HOUR_MS = 3_600_000;
    /** How long history is kept. */
    public static final long DAY_MS = 24 * HOUR_MS;
    /** How much of each series the entry itself holds. */
    public static final long ENTRY_SPAN_MS = HOUR_MS;

    private RegistryPaths() {
    }

    /**
     * Whether {@code root} can be a registry root: an absolute path without a trailing slash ({@code /}
     * itself included). The core's builder checks the same for its {@code zookeeperRoot}.
     */
    public static boolean isRoot(String root) {
        return root != null && root.startsWith("/") && (root.length() == 1 || !root.endsWith("/"));
    }

    /** The history root of a registry root: the root's path with {@code -history} appended ({@code /} has {@code /ctec-consumer-history}). */
    public static String historyRoot(String root) {
        return root.equals("/") ? "/ctec-consumer-history" : root + "-history";
    }

    /** A name as one path segment ZooKeeper accepts: a '/' or a character it refuses is written as '_' ({@link AppNames#segment}). */
    public static String segment(String name) {
        return AppNames.segment(name);
    }

    /** {@code parent/child}, for a parent that may be the ZooKeeper root. */
    public static String child(String parent, String child) {
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }

    /** The start of the hour {@code epochMillis} falls in. */
    public static long hourOf(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MS) * HOUR_MS;
    }

    /** The start of the minute {@code epochMillis} falls in. */
    public static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MS) * MINUTE_MS;
    }
}
