package com.ctec.consumer.internal;

/**
 * The session a delivery came on, as settling needs it: only that session may settle it, and
 * once it is lost its results are dropped. {@link ChannelSession} is the one implementation;
 * outcome tests use a recording fake.
 */
public interface DeliverySession {
    /** False once the session is lost: the broker redelivers its messages. */
    boolean alive();

    /** True once the session is being drained (a stop, or a cancel by the broker): no new waits. */
    boolean draining();

    /** Posts an ack; false when the session is lost and the message will come again. */
    boolean ack(long tag);

    /** Posts a requeue; false when the session is lost. */
    boolean requeue(long tag);

    /** One of the session's deliveries is settled (or dropped): it no longer counts as in flight. */
    void settled();
}
