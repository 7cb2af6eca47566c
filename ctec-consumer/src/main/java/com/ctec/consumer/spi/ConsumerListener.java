package com.ctec.consumer.spi;

/**
 * Hooks through which the agent, metrics and tools watch a consumer without the core knowing them.
 *
 * <p>Hooks are called on the engine's threads: they must be fast, take no external locks and
 * never throw (an exception is logged and ignored). Every hook has an empty default.
 */
public interface ConsumerListener {
    /** A listener that does nothing. */
    ConsumerListener NONE = new ConsumerListener() {
    };

    /** The consumer was started (before its first connection attempt). */
    default void consumerStarted(ConsumerInfo consumer) {
    }

    /** The consumer moved from one state to another. */
    default void stateChanged(ConsumerInfo consumer, ConsumerState from, ConsumerState to) {
    }

    /** A message was delivered by the broker and is about to be handed to a worker. */
    default void messageDelivered(ConsumerInfo consumer) {
    }

    /**
     * A delivery was settled with {@code outcome}; {@code handlerNanos} is the time its worker
     * call took (for a batch, the batch's call time, reported for each message).
     */
    default void messageSettled(ConsumerInfo consumer, Outcome outcome, long handlerNanos) {
    }

    /**
     * A worker call failed (it threw, returned null or answered REDELIVER, or its forward or reply
     * failed); the message is retried or, after its last attempt, dead-lettered. {@code error} is
     * one line, e.g. {@code java.sql.SQLException: timeout}: the exception's class and message as
     * the worker made them, so a listener that shows it must bound and clean it.
     */
    default void messageFailed(ConsumerInfo consumer, String error) {
    }

    /** The consumer has stopped: connections are closed and {@code run()} is returning. */
    default void consumerStopped(ConsumerInfo consumer) {
    }
}
