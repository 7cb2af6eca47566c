package com.ctec.consumer.internal.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ack bookkeeping of one channel: it turns "this delivery is finished" into as few
 * {@code basic.ack} frames as possible without ever acknowledging a delivery still in progress.
 *
 * <p>Delivery tags on a channel are consecutive from 1 (one consumer per channel, no basic.get),
 * so "everything up to the frontier is finished" is a single number. A run of finished deliveries
 * at the frontier becomes one {@code basicAck(tag, multiple=true)}; a reject or requeue is sent at
 * once on its own (it affects no other tag). Deliveries finished beyond an unfinished one wait
 * for the frontier, and are acked one by one when traffic pauses so that one slow worker does
 * not hold the whole prefetch window. Not thread-safe: it lives on the channel's ack thread.
 */
final class AckCoalescer {
    /** Where the coalesced frames go; implemented by the channel's ack thread. */
    interface Sink {
        void ack(long tag, boolean multiple);

        void reject(long tag);

        void requeue(long tag);
    }

    private final Sink sink;
    /** Every tag at or below it is finished and its frame sent or covered by {@link #pendingMultiAck}. */
    private long frontier;
    /** The highest finished ACK at or below the frontier not yet sent; 0 = none. */
    private long pendingMultiAck;
    /**
     * Finished tags above the frontier, as runs of consecutive tags (first tag to last tag): while
     * one delivery hangs, the ones finishing after it merge into a run, so this stays as small as
     * the number of gaps, however many messages flow past the stuck one.
     */
    private final TreeMap<Long, Long> finishedBeyond = new TreeMap<>();
    /** ACKs above the frontier not sent yet: sent one by one when traffic pauses, or covered when the frontier passes them. */
    private final TreeSet<Long> unsentBeyond = new TreeSet<>();

    AckCoalescer(Sink sink) {
        this.sink = sink;
    }

    /** A delivery finished with SUCCESS (or was retried or dead-lettered elsewhere): ack it, coalesced. */
    void ack(long tag) {
        finished(tag, true);
    }

    /** A delivery must be rejected without requeue: sent at once. */
    void reject(long tag) {
        requireUnfinished(tag);
        sink.reject(tag);
        finished(tag, false);
    }

    /** A delivery must go back to the queue: sent at once. */
    void requeue(long tag) {
        requireUnfinished(tag);
        sink.requeue(tag);
        finished(tag, false);
    }

    /**
     * Sends the coalesced ack of the frontier; when {@code idle}, also acks the finished deliveries
     * stuck behind an unfinished one, one by one. Costs one frame per ack sent, nothing per ack
     * sent before.
     */
    void flush(boolean idle) {
        if (pendingMultiAck > 0) {
            sink.ack(pendingMultiAck, true);
            pendingMultiAck = 0;
        }
        if (idle && !unsentBeyond.isEmpty()) {
            for (long tag : unsentBeyond) {
                sink.ack(tag, false);
            }
            unsentBeyond.clear();
        }
    }

    /** How many runs and unsent acks it remembers: for tests, which check it stays small. */
    int trackedEntries() {
        return finishedBeyond.size() + unsentBeyond.size();
    }

    private void finished(long tag, boolean unsentAck) {
        requireUnfinished(tag);
        if (tag != frontier + 1) {
            addBeyond(tag);
            if (unsentAck) {
                unsentBeyond.add(tag);
            }
            return;
        }
        // The common case, deliveries finishing in order: the frontier moves.
        frontier = tag;
        if (unsentAck) {
            pendingMultiAck = tag;
        }
        Map.Entry<Long, Long> run = finishedBeyond.firstEntry();
        if (run != null && run.getKey() == frontier + 1) {
            finishedBeyond.pollFirstEntry();
            frontier = run.getValue();
            // The multiple ack at the highest unsent one covers every unsent ack up to the new frontier.
            Long highestUnsent = unsentBeyond.floor(frontier);
            if (highestUnsent != null) {
                pendingMultiAck = Math.max(pendingMultiAck, highestUnsent);
                unsentBeyond.headSet(frontier, true).clear();
            }
        }
    }

    private void requireUnfinished(long tag) {
        Map.Entry<Long, Long> run = finishedBeyond.floorEntry(tag);
        if (tag <= frontier || (run != null && run.getValue() >= tag)) {
            throw new IllegalStateException("delivery tag " + tag + " settled twice");
        }
    }

    /** Records a finished tag above the frontier, merging it with the runs on either side. */
    private void addBeyond(long tag) {
        long first = tag;
        long last = tag;
        Map.Entry<Long, Long> before = finishedBeyond.floorEntry(tag);
        if (before != null && before.getValue() == tag - 1) {
            first = before.getKey();
        }
        Long afterLast = finishedBeyond.remove(tag + 1);
        if (afterLast != null) {
            last = afterLast;
        }
        finishedBeyond.put(first, last);
    }
}
