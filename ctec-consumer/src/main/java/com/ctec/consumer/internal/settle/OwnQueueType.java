package com.ctec.consumer.internal.settle;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The type of the queues the engine declares for itself ({@code <queue>.dlq}, delay queues). A
 * classic queue lives on one node: in a cluster, the node the consumer happened to be connected
 * to, so a node that holds none of the user's queues could stop every retry and dead letter (and,
 * since those messages stay unacked until their outcome is confirmed, fill the prefetch window
 * and stall consumption), and a classic delay queue dead-letters at most once: a retry whose delay
 * ends while the consumed queue's node is down is dropped by the broker. Quorum queues are
 * replicated and dead-letter at least once.
 */
enum OwnQueueType {
    /** Declared without {@code x-queue-type}: classic, unless the vhost's default type says otherwise. */
    CLASSIC,
    /** Declared {@code x-queue-type=quorum}. */
    QUORUM;

    /**
     * The smallest cluster whose engine queues are quorum queues. Two, not three: in a cluster of two
     * a quorum queue stops while either node is down (no majority), so retries and dead letters wait
     * and consumption may stall until it is back; but a classic delay queue on one node loses the
     * retries whose delay ends while the other node, holding the consumed queue, is down (reproduced
     * on RabbitMQ 3.10: docs/retries.md). Waiting is better than losing.
     */
    static final int QUORUM_CLUSTER = 2;

    /**
     * Quorum when the source queue is a quorum queue (its owner asked for replication) or the
     * cluster has two nodes or more; classic on a single node, and when neither is known.
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
