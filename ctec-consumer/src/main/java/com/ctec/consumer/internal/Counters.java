package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.spi.Outcome;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The consumer's counters; updated from any thread, read as a {@link ConsumerStats} snapshot. */
public final class Counters {
    private final LongAdder delivered = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder replied = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();

    public void delivered() {
        delivered.increment();
        inFlight.incrementAndGet();
    }

    /** A delivery left this consumer's hands: settled, or abandoned for the broker to redeliver. */
    public void settled(Outcome outcome) {
        switch (outcome) {
            case ACKED -> succeeded.increment();
            case RETRIED -> redelivered.increment();
            case REJECTED -> {
                rejected.increment();
                deadLettered.increment();
            }
            case DEAD_LETTERED -> deadLettered.increment();
            case ABANDONED -> {
            }
        }
        inFlight.decrementAndGet();
    }

    public void failed() {
        failed.increment();
    }

    public void forwarded() {
        forwarded.increment();
    }

    public void replied() {
        replied.increment();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public ConsumerStats snapshot() {
        return new ConsumerStats(delivered.sum(), succeeded.sum(), redelivered.sum(), rejected.sum(), deadLettered.sum(),
                failed.sum(), forwarded.sum(), replied.sum(), inFlight.get());
    }
}
