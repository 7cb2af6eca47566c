package com.ctec.bench;

/**
 * A contender that is a tool of its own (PerfTest): it cannot call {@link Job#work()}, so the
 * harness watches the queue instead. The clock starts when the queue's ready count first drops
 * (the first message sent to the consumer) and stops when {@link #consume} returns (the last
 * message acked and the tool closed); the round is refused unless the queue is then empty.
 */
public interface ExternalConsumer {
    /** Consumes {@code messages} messages from the queue, acking them, and returns once done. */
    void consume(String uri, String queue, int messages) throws Exception;
}
