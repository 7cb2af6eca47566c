package com.ctec.consumer;

/**
 * The user's code for one message (seed: 处理方法).
 *
 * <p>An exception or a {@code null} result is a failure: it is logged with its stack trace and
 * treated as {@link ConsumeResult#REDELIVER}. It never kills a thread or the consumer.
 */
@FunctionalInterface
public interface Worker {
    /** Handles one delivery and says what should become of it. */
    ConsumeResult handle(WorkerMessage message) throws Exception;
}
