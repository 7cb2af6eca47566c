package com.ctec.consumer.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private final ConfirmedPublisher publisher;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    RetryRoutes(Settings settings, ConfirmedPublisher publisher) {
        this.queue = settings.queue();
        this.delay = settings.retryDelay();
        this.multiplier = settings.retryBackoffMultiplier();
        this.max = settings.retryBackoffMax();
        this.publisher = publisher;
    }

    /** The delay before attempt {@code nextAttempt}; zero without a retry delay. */
    long delayMillis(int nextAttempt) {
        if (delay.isZero()) {
            return 0;
        }
        double grown = delay.toMillis() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
        return (long) Math.min(grown, Math.max(max.toMillis(), delay.toMillis()));
    }

    /** The routing key (on the default exchange) for attempt {@code nextAttempt}, declaring its delay queue once. */
    String routingKeyFor(int nextAttempt) throws IOException {
        long millis = delayMillis(nextAttempt);
        if (millis == 0) {
            return queue;
        }
        String delayQueue = delayQueueName(queue, millis);
        if (!declared.contains(delayQueue)) {
            publisher.declare(ch -> ch.queueDeclare(delayQueue, true, false, false, Map.of(
                    "x-message-ttl", millis,
                    "x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", queue)));
            declared.add(delayQueue);
        }
        return delayQueue;
    }

    static String delayQueueName(String queue, long millis) {
        return queue + ".retry." + millis + "ms";
    }
}
