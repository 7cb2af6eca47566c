package com.ctec.consumer.spi;

/** What finally became of one delivery, as reported to listeners. */
public enum Outcome {
    /** Acknowledged after SUCCESS (and after its forward or reply was confirmed). */
    ACKED,
    /** Failed this attempt; sent back for another one (requeued or delayed). */
    RETRIED,
    /** Rejected by the worker (REJECT) and dead-lettered at once. */
    REJECTED,
    /** Failed its last allowed attempt and dead-lettered. */
    DEAD_LETTERED,
    /**
     * Not settled by this consumer: its channel died or the consumer stopped before it finished,
     * so the broker delivers it again.
     */
    ABANDONED
}
