package com.ctec.consumer.internal.settle;

import com.ctec.consumer.internal.DeadLetterRoute;
import com.ctec.consumer.internal.Settings;

/** What the engine learns about its queue at each subscribe: where dead letters go, and the type of its own queues. */
record QueueFacts(DeadLetterRoute deadLetterRoute, OwnQueueType ownQueueType) {
    /** What holds when the management API cannot be asked: the configured route, classic queues. */
    static QueueFacts configured(Settings settings) {
        return new QueueFacts(DeadLetterRoute.configured(settings), OwnQueueType.CLASSIC);
    }
}
