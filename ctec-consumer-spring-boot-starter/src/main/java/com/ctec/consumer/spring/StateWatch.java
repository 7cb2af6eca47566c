package com.ctec.consumer.spring;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerState;

import java.time.Instant;

/**
 * Remembers what health and the endpoint show beyond the consumer's own state: since when it is in
 * that state, and its last worker failure. Hooks only write two volatile fields (SPI rule: fast,
 * no locks, never throw).
 */
final class StateWatch implements ConsumerListener {
    /** A state and when the consumer entered it. */
    record Since(ConsumerState state, Instant at) {
    }

    /** The last failed worker call: when, and the error line the engine reported. */
    record Failure(Instant at, String error) {
    }

    private volatile Since since = new Since(ConsumerState.STARTING, Instant.now());
    private volatile Failure lastFailure;

    Since since() {
        return since;
    }

    /** The last failure, or null when none happened. */
    Failure lastFailure() {
        return lastFailure;
    }

    @Override
    public void stateChanged(ConsumerInfo consumer, ConsumerState from, ConsumerState to) {
        since = new Since(to, Instant.now());
    }

    @Override
    public void messageFailed(ConsumerInfo consumer, String error) {
        lastFailure = new Failure(Instant.now(), error);
    }
}
