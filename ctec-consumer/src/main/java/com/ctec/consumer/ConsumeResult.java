package com.ctec.consumer;

/** What a worker answers for a message (seed: CONSUME_SUCCESS, CONSUME_REDELIVER, CONSUME_REJECT). */
public enum ConsumeResult {
    /** Handled: the message is acknowledged (after its forward or reply, if any, is confirmed). */
    SUCCESS,
    /** Failed for now: the message comes back for another attempt, up to {@code maxAttempts}. */
    REDELIVER,
    /** Failed for good: the message goes to the dead letters at once, never retried. */
    REJECT
}
