package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

/**
 * Acknowledges every message except those whose body contains "poison": for those it throws, so
 * they are retried up to --max-attempts and then dead-lettered with their x-ctec-* headers.
 */
public final class PoisonWorker implements Worker {
    @Override
    public ConsumeResult handle(WorkerMessage message) {
        if (message.bodyAsString().contains("poison")) {
            throw new IllegalArgumentException("cannot handle a poison message: " + message.bodyAsString());
        }
        return ConsumeResult.SUCCESS;
    }
}
