package com.ctec.consumer.reliability;

/**
 * The harm a torture run does around the consumer while it works, one at a time at random moments.
 * None of them may cost a message; each may cost at most the messages in flight (duplicates).
 */
enum Harm {
    /** The management API closes the consumer's connections (consuming and publishing). */
    CLOSE_CONNECTIONS,
    /** {@code rabbitmqctl stop_app} on n1 (the source queue's node) for 1-2 s, then {@code start_app}. */
    STOP_START_APP,
    /** Deletes {@code <queue>.dlq} (when empty: its letters are read first). */
    DELETE_DLQ,
    /** Deletes the delay queue {@code <queue>.retry.<ms>ms} (when empty) as docs/retries.md allows operators to. */
    DELETE_RETRY_QUEUE,
    /**
     * Sets or clears a policy: a dead-letter exchange for the source queue (existing or missing),
     * or {@code max-length 0, overflow reject-publish} on the good forward target.
     */
    POLICY,
    /** Stops the consumer gracefully (SIGTERM for a process) and starts it again. */
    RESTART_CONSUMER,
    /** Stops the cluster node n2 the consumer is connected to (its Erlang VM), then starts it again. */
    STOP_START_NODE
}
