package com.ctec.consumer.agent;

import com.ctec.consumer.spi.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Micrometer counters and handler timer of one consumer, labelled {@code app} and {@code queue};
 * consumers with the same labels share them. Incremented on the engine's threads (lock-free adders).
 */
final class ConsumerMeters {
    private final Counter delivered;
    private final Counter acked;
    private final Counter redelivered;
    private final Counter rejected;
    private final Counter deadLettered;
    private final Counter abandoned;
    private final Counter failed;
    private final Timer handler;

    ConsumerMeters(MeterRegistry registry, Tags tags) {
        delivered = counter(registry, tags, "ctec.consumer.delivered", "Messages received from the broker");
        acked = counter(registry, tags, "ctec.consumer.acked", "Messages acknowledged after SUCCESS");
        redelivered = counter(registry, tags, "ctec.consumer.redelivered", "Failed attempts sent back for another attempt");
        rejected = counter(registry, tags, "ctec.consumer.rejected", "Messages the worker rejected (REJECT)");
        deadLettered = counter(registry, tags, "ctec.consumer.dead.lettered",
                "Messages dead-lettered, by REJECT or after their last attempt");
        abandoned = counter(registry, tags, "ctec.consumer.abandoned",
                "Messages left unsettled by a lost channel or a stop; the broker delivers them again");
        failed = counter(registry, tags, "ctec.consumer.failed",
                "Failed worker calls (exception, null, REDELIVER, failed forward or reply); each is retried or dead-lettered");
        handler = Timer.builder("ctec.consumer.handler")
                .description("Time of the worker call per message (a batch's call time for each of its messages)")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    void delivered() {
        delivered.increment();
    }

    void failed() {
        failed.increment();
    }

    void settled(Outcome outcome, long handlerNanos) {
        switch (outcome) {
            case ACKED -> acked.increment();
            case RETRIED -> redelivered.increment();
            case REJECTED -> {
                rejected.increment();
                deadLettered.increment();
            }
            case DEAD_LETTERED -> deadLettered.increment();
            case ABANDONED -> abandoned.increment();
        }
        if (outcome != Outcome.ABANDONED) {
            handler.record(handlerNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static Counter counter(MeterRegistry registry, Tags tags, String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
