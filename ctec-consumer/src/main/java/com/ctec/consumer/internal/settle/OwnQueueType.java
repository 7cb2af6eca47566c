package com.ctec.consumer.internal.settle;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The type of the queues the engine declares for itself ({@code <queue>.dlq}, delay queues). A
 * classic queue lives on one node: in a cluster, the node the consumer happened to be connected
 * to, so a node that holds none of the user's queues could stop every retry and dead letter (and,
 * since those messages stay unacked until their outcome is confirmed, fill the prefetch window
 * and stall consumption). Quorum queues are replicated: in a cluster of three nodes or more, or
 * next to a quorum source queue, losing one node costs them nothing.
 */
enum OwnQueueType {
    /** Declared without {@code x-queue-type}: classic, unless the vhost's default type says otherwise. */
    CLASSIC,
    /** Declared {@code x-queue-type=quorum}. */
    QUORUM;

    /** The smallest cluster in which a quorum queue survives the loss of any one node. */
    static final int QUORUM_CLUSTER = 3;

    /**
     * Quorum when the source queue is a quorum queue (its owner asked for replication) or the
     * cluster has three nodes or more; classic otherwise, and when neither is known.
     */
    static OwnQueueType choose(String sourceType, OptionalInt clusterSize) {
        boolean replicated = "quorum".equals(sourceType) || clusterSize.orElse(1) >= QUORUM_CLUSTER;
        return replicated ? QUORUM : CLASSIC;
    }

    /**
     * The declare arguments for a queue of this type. A quorum delay queue dead-letters at least
     * once (the broker keeps an expired message until the source queue has confirmed it; the
     * default for quorum queues is at most once), which the broker allows only with
     * {@code reject-publish} overflow.
     */
    Map<String, Object> arguments(Map<String, Object> classic) {
        if (this == CLASSIC) {
            return classic;
        }
        Map<String, Object> quorum = new HashMap<>(classic);
        quorum.put("x-queue-type", "quorum");
        if (classic.containsKey("x-dead-letter-exchange")) {
            quorum.put("x-dead-letter-strategy", "at-least-once");
            quorum.put("x-overflow", "reject-publish");
        }
        return quorum;
    }

    /** For the log line: what this type means for the engine's own queues. */
    String describe() {
        return this == QUORUM ? "quorum queues (replicated: the loss of one node does not stop retries and dead letters)"
                : "classic queues";
    }
}
