package com.ctec.consumer.reliability;

/**
 * What the torture worker does with one delivery, and what the model expects from the engine for
 * it (API.md "Worker contract" and "Forwarding", docs/retries.md). Three kinds:
 * <ul>
 *   <li>{@link Kind#SUCCEEDS}: acked; a forward must be in its target, an RPC answer (with
 *       {@code rpc(true)}) in the reply queue, before the ack.</li>
 *   <li>{@link Kind#FAILS}: a failed attempt. Below {@code maxAttempts} the message comes back at
 *       attempt + 1 (tail of the queue or a delay queue); at {@code maxAttempts} it is
 *       dead-lettered once with {@code x-ctec-attempts} = maxAttempts and {@code x-ctec-exception}.
 *       Every failed forward is one: refused, unroutable or unencodable, the original is not acked.</li>
 *   <li>{@link Kind#REJECTS}: dead-lettered at once, {@code x-ctec-attempts} = this attempt.</li>
 * </ul>
 */
enum Choice {
    /** Returns SUCCESS. */
    SUCCESS(Kind.SUCCEEDS, 30),
    /** Sleeps 100-700 ms, then returns SUCCESS. */
    SLOW(Kind.SUCCEEDS, 4),
    /** Forwards a copy to {@code <queue>.good} (exists) and returns SUCCESS. */
    FORWARD_GOOD(Kind.SUCCEEDS, 15),
    /** Returns REDELIVER. */
    REDELIVER(Kind.FAILS, 8),
    /** Throws an exception. */
    THROW(Kind.FAILS, 6),
    /** Returns null. */
    NULL(Kind.FAILS, 4),
    /** Forwards on the default exchange to a queue that does not exist: mandatory, returned as unroutable. */
    FORWARD_MISSING_QUEUE(Kind.FAILS, 4),
    /** Forwards to an exchange that does not exist: the broker closes the publishing channel (404). */
    FORWARD_MISSING_EXCHANGE(Kind.FAILS, 3),
    /** Forwards to {@code <queue>.full}, a queue kept full with {@code x-overflow: reject-publish}: nacked. */
    FORWARD_FULL_QUEUE(Kind.FAILS, 4),
    /** Forwards with a header of type UUID, which amqp-client cannot encode: the publish throws. */
    FORWARD_BAD_HEADER(Kind.FAILS, 3),
    /** Forwards with a 300-byte routing key (AMQP allows 255): the publish throws. */
    FORWARD_LONG_KEY(Kind.FAILS, 3),
    /** Returns REJECT. */
    REJECT(Kind.REJECTS, 4);

    enum Kind { SUCCEEDS, FAILS, REJECTS }

    private final Kind kind;
    private final int weight;

    Choice(Kind kind, int weight) {
        this.kind = kind;
        this.weight = weight;
    }

    Kind kind() {
        return kind;
    }

    /** How often the worker picks it, relative to the others. */
    int weight() {
        return weight;
    }

    /** A forward of any target, good or bad. */
    boolean forwards() {
        return name().startsWith("FORWARD_");
    }

    /** Publishes something before its ack (a forward, or the RPC answer of a success): can fail when a publish fails. */
    boolean publishes(boolean rpc) {
        return forwards() || (rpc && kind == Kind.SUCCEEDS);
    }
}
