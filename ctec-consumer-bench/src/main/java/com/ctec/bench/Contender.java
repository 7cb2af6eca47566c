package com.ctec.bench;

/**
 * One way of consuming a queue (ctec-consumer, a raw amqp-client loop, a Spring container) with
 * one configuration. It must call {@link Job#work()} once per message and settle the message the
 * way it is configured to; the harness times and checks the rest.
 */
public interface Contender {
    /** Shown in tables: what and how it is configured. */
    String name();

    /** Starts consuming {@code job.queue()} and returns at once; closing the result stops and waits. */
    AutoCloseable start(Job job) throws Exception;

    /** Contenders that are slow by design (a confirm wait per message) get 1/n of the messages. */
    default int shareDivisor() {
        return 1;
    }

    /** A round's message count is rounded down to a multiple of this (a tool that acks in steps of it). */
    default int messageMultiple() {
        return 1;
    }
}
