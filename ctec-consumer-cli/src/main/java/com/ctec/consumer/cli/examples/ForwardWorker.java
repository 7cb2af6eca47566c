package com.ctec.consumer.cli.examples;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

/**
 * Forwards every message (seed: 消息转发): to the queue named by {@code CTEC_FORWARD_TO} through the
 * default exchange, or to exchange {@code CTEC_FORWARD_EXCHANGE} with routing key {@code CTEC_FORWARD_TO}.
 * The original is acknowledged only after the broker confirmed the forward.
 */
public final class ForwardWorker implements Worker {
    private final String exchange;
    private final String routingKey;

    /** Reads the destination from {@code CTEC_FORWARD_EXCHANGE} (default: the default exchange) and {@code CTEC_FORWARD_TO}. */
    public ForwardWorker() {
        this(envOr("CTEC_FORWARD_EXCHANGE", ""), envOr("CTEC_FORWARD_TO", null));
    }

    /** Forwards to {@code exchange} ("" = the default exchange) with {@code routingKey}. */
    public ForwardWorker(String exchange, String routingKey) {
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("ForwardWorker needs a destination: set CTEC_FORWARD_TO to a queue name");
        }
        this.exchange = exchange;
        this.routingKey = routingKey;
    }

    @Override
    public ConsumeResult handle(WorkerMessage message) {
        message.forward(exchange, routingKey);
        return ConsumeResult.SUCCESS;
    }

    private static String envOr(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
