package com.ctec.bench;

/**
 * What a contender is asked to do in one round.
 *
 * @param uri       the broker, amqp://user:pass@host:port/vhost
 * @param queue     the queue to consume, pre-filled
 * @param work      called once per message with its body, on the contender's worker thread
 * @param forwardTo when not null, every message must be published to this queue (default exchange,
 *                  confirmed) before it is acknowledged
 */
public record Job(String uri, String queue, Work work, String forwardTo) {
    /** The user's code in a benchmark: record the message, maybe block like an I/O call. */
    @FunctionalInterface
    public interface Work {
        void handle(byte[] body) throws Exception;
    }

    public boolean forwards() {
        return forwardTo != null;
    }
}
