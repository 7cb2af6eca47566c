package com.ctec.consumer.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

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
    /** Finished tags above the frontier: true = an ACK not yet sent, false = already settled on the broker. */
    private final TreeMap<Long, Boolean> beyond = new TreeMap<>();

    AckCoalescer(Sink sink) {
        this.sink = sink;
    }

    /** A delivery finished with SUCCESS (or was retried or dead-lettered elsewhere): ack it, coalesced. */
    void ack(long tag) {
        finished(tag, true);
    }

    /** A delivery must be rejected without requeue: sent at once. */
    void reject(long tag) {
        sink.reject(tag);
        finished(tag, false);
    }

    /** A delivery must go back to the queue: sent at once. */
    void requeue(long tag) {
        sink.requeue(tag);
        finished(tag, false);
    }

    /**
     * Sends the coalesced ack of the frontier; when {@code idle}, also acks the finished deliveries
     * stuck behind an unfinished one, one by one.
     */
    void flush(boolean idle) {
        if (pendingMultiAck > 0) {
            sink.ack(pendingMultiAck, true);
            pendingMultiAck = 0;
        }
        if (idle) {
            for (Map.Entry<Long, Boolean> entry : beyond.entrySet()) {
                if (entry.getValue()) {
                    sink.ack(entry.getKey(), false);
                    entry.setValue(false);
                }
            }
        }
    }

    private void finished(long tag, boolean unsentAck) {
        if (tag <= frontier || beyond.containsKey(tag)) {
            throw new IllegalStateException("delivery tag " + tag + " settled twice");
        }
        if (tag == frontier + 1 && beyond.isEmpty()) {
            // The common case, deliveries finishing in order: the frontier moves, no map entry needed.
            frontier = tag;
            if (unsentAck) {
                pendingMultiAck = tag;
            }
            return;
        }
        beyond.put(tag, unsentAck);
        Iterator<Map.Entry<Long, Boolean>> it = beyond.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Boolean> next = it.next();
            if (next.getKey() != frontier + 1) {
                break;
            }
            frontier++;
            if (next.getValue()) {
                pendingMultiAck = frontier;
            }
            it.remove();
        }
    }
}
