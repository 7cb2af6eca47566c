package com.ctec.consumer.internal;


/**
 * Where dead letters of a queue are published: an exchange and a routing key ({@code null} = the
 * message's original routing key, as the broker's own dead-lettering does), and why there.
 */
public record DeadLetterRoute(String exchange, String routingKey, String why) {
    /** Where dead letters go without the queue's own exchange: the {@code deadLetter} option, else the fallback. */
    public static DeadLetterRoute configured(Settings settings) {
        if (settings.deadLetterExchange() != null) {
            return new DeadLetterRoute(settings.deadLetterExchange(), settings.deadLetterRoutingKey(),
                    "exchange '" + settings.deadLetterExchange() + "' (deadLetter option)");
        }
        return fallback(settings.queue());
    }

    /** The fallback every consumer can rely on: a queue {@code <queue>.dlq} declared by the framework. */
    static DeadLetterRoute fallback(String queue) {
        return new DeadLetterRoute("", fallbackQueue(queue), "queue '" + fallbackQueue(queue) + "', declared by ctec-consumer");
    }

    public static String fallbackQueue(String queue) {
        return queue + ".dlq";
    }

    public boolean isFallback(String queue) {
        return exchange.isEmpty() && fallbackQueue(queue).equals(routingKey);
    }

    public String routingKeyFor(String originalRoutingKey) {
        return routingKey == null ? originalRoutingKey : routingKey;
    }
}
