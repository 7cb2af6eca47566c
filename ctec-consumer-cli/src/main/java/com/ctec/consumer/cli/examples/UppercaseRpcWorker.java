package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

import java.util.Locale;

/** An RPC server: answers each request with its body in upper case; run it with --rpc. */
public final class UppercaseRpcWorker implements Worker {
    @Override
    public ConsumeResult handle(WorkerMessage message) {
        message.reply(message.bodyAsString().toUpperCase(Locale.ROOT));
        return ConsumeResult.SUCCESS;
    }
}
