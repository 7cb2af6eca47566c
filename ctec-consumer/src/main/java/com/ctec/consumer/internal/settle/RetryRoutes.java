package com.ctec.consumer.internal.settle;

import com.ctec.consumer.internal.Settings;

import java.time.Duration;
import java.util.Map;

/**
 * Where a failed message goes for its next attempt: straight back to the tail of its queue, or,
 * with a retry delay, into a delay queue {@code <queue>.retry.<millis>ms} whose TTL dead-letters
 * it back to the queue. One delay queue per distinct delay, because a queue's TTL only expires
 * messages at its head: mixing delays in one queue would hold short ones behind long ones.
 */
final class RetryRoutes {
    private final String queue;
    private final Duration delay;
    private final double multiplier;
    private final Duration max;

    RetryRoutes(Settings settings) {
        this(settings.queue(), settings.retryDelay(), settings.retryBackoffMultiplier(), settings.retryBackoffMax());
    }

    RetryRoutes(String queue, Duration delay, double multiplier, Duration max) {
        this.queue = queue;
        this.delay = delay;
        this.multiplier = multiplier;
        this.max = max;
    }

    /** The delay before attempt {@code nextAttempt}; zero without a retry delay. */
    long delayMillis(int nextAttempt) {
        if (delay.isZero()) {
            return 0;
        }
        double grown = delay.toMillis() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
        return (long) Math.min(grown, Math.max(max.toMillis(), delay.toMillis()));
    }

    /** The delay queue for {@code millis}: its TTL sends messages back to the consumed queue. */
    String delayQueue(long millis) {
        return delayQueueName(queue, millis);
    }

    /** The arguments the delay queue for {@code millis} is declared with. */
    Map<String, Object> delayQueueArguments(long millis) {
        return Map.of("x-message-ttl", millis, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", queue);
    }

    static String delayQueueName(String queue, long millis) {
        return queue + ".retry." + millis + "ms";
    }
}
