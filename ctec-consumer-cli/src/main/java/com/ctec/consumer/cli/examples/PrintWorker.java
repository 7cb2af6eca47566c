package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

/** Prints each message's body to stdout as {@code [queue] body} and acknowledges it. */
public final class PrintWorker implements Worker {
    @Override
    public ConsumeResult handle(WorkerMessage message) {
        // One println per message: System.out is synchronized, so lines from several threads never interleave.
        System.out.println("[" + message.queue() + "] " + message.bodyAsString());
        return ConsumeResult.SUCCESS;
    }
}
