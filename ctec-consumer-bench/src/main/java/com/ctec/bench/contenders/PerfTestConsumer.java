package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.ExternalConsumer;
import com.ctec.bench.Job;

import java.util.List;

/**
 * PerfTest as the consumer of the pre-filled queue: one consumer, manual acks every {@code every}
 * messages (multiple), the given prefetch; it stops after the round's message count. It cannot call
 * the harness's worker, so the round is timed from the queue's side ({@link ExternalConsumer}).
 */
public record PerfTestConsumer(int prefetch, int every) implements Contender, ExternalConsumer {
    @Override
    public String name() {
        return "RabbitMQ PerfTest consumer, multi-ack every " + every + ", prefetch " + prefetch;
    }

    /** With {@code --cmessages} it stops without acking a tail shorter than its step: rounds are whole steps. */
    @Override
    public int messageMultiple() {
        return every;
    }

    @Override
    public AutoCloseable start(Job job) {
        throw new UnsupportedOperationException("PerfTest consumes on its own: ThroughputRound runs it through consume()");
    }

    @Override
    public void consume(String uri, String queue, int messages) {
        List<String> args = PerfTest.common(uri, "ctec-bench-consumer");
        args.addAll(List.of("--producers", "0", "--consumers", "1", "--queue", queue, "--predeclared",
                "--qos", "" + prefetch, "--multi-ack-every", "" + every, "--cmessages", "" + messages));
        PerfTest.run(args);
    }
}
