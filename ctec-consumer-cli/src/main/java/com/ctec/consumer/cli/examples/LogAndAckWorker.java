package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each message (queue, attempt, body) at INFO through the consumer's log and acknowledges it. */
public final class LogAndAckWorker implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger("ctec.consumer.examples");

    @Override
    public ConsumeResult handle(WorkerMessage message) {
        LOG.info("queue '{}', attempt {}: {}", message.queue(), message.attempt(), message.bodyAsString());
        return ConsumeResult.SUCCESS;
    }
}
