package com.ctec.consumer.internal;

import com.ctec.consumer.WorkerMessage;

/**
 * One message on its way through the engine: the worker's view of it plus the channel it came
 * on, which alone may settle it.
 */
public record Delivery(WorkerMessage message, DeliverySession session) {
    public long tag() {
        return message.deliveryTag();
    }
}
