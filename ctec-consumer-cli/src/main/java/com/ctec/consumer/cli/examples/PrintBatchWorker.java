package com.ctec.consumer.cli.examples;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;

import java.util.List;

/** Prints one line per batch (its size, first and last body) and acknowledges the whole batch; needs --batch-size &gt; 1. */
public final class PrintBatchWorker implements BatchWorker {
    @Override
    public ConsumeResult handle(List<WorkerMessage> messages) {
        System.out.println("[" + messages.get(0).queue() + "] batch of " + messages.size() + ": "
                + messages.get(0).bodyAsString() + (messages.size() > 1 ? " .. " + messages.get(messages.size() - 1).bodyAsString() : ""));
        return ConsumeResult.SUCCESS;
    }
}
