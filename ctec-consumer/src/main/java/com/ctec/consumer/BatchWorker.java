package com.ctec.consumer;

import java.util.List;

/**
 * The user's code for a batch of messages (seed: 批量消费); the result applies to every message of it.
 *
 * <p>A batch holds up to {@code batchSize} messages; a partial batch is handed over after
 * {@code batchTimeout}. An exception or a {@code null} result fails the whole batch.
 */
@FunctionalInterface
public interface BatchWorker {
    /** Handles a batch and says what should become of all its messages. */
    ConsumeResult handle(List<WorkerMessage> messages) throws Exception;
}
