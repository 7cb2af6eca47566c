package com.ctec.consumer.reliability;

import java.util.List;

/**
 * The names a torture run uses around its source queue: where workers forward (good and bad
 * targets), where RPC answers go, and where dead letters end (the engine's {@code <queue>.dlq}, or
 * the queue behind the exchange a policy names).
 */
record Targets(String queue) {
    String good() {
        return queue + ".good";
    }

    /** Kept full ({@code x-max-length} 1, {@code x-overflow: reject-publish}): every forward to it is nacked. */
    String full() {
        return queue + ".full";
    }

    String missingQueue() {
        return queue + ".nowhere";
    }

    String missingExchange() {
        return queue + ".no-such-exchange";
    }

    String replies() {
        return queue + ".replies";
    }

    String dlq() {
        return queue + ".dlq";
    }

    /** The dead-letter exchange a policy may give the source queue (fanout to {@link #policyDlq()}). */
    String policyDlx() {
        return queue + ".pdlx";
    }

    String policyDlq() {
        return queue + ".pdlq";
    }

    /** Queues that receive dead letters. */
    List<String> deadLetterQueues() {
        return List.of(dlq(), policyDlq());
    }
}
