package com.ctec.consumer.internal;

import com.rabbitmq.client.AMQP;

import java.util.HashMap;
import java.util.Map;

/**
 * What a dead letter's headers say, for the on-call tools ({@code DeadLetters}, the CLI's
 * {@code dlq}), with the names {@link Headers} owns. Public, deliberately: the tools live outside
 * this package.
 */
public final class DeadLetterHeaders {
    /** The failure's record, taken off a letter that is moved back so that it starts again at attempt 1. */
    private static final Map<String, Object> FAILURE_REMOVED = failureRemoved();

    private final Map<String, Object> headers;

    public DeadLetterHeaders(AMQP.BasicProperties properties) {
        this.headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }

    /** The queue the letter failed on, or {@code otherwise} when it does not say. */
    public String originalQueue(String otherwise) {
        return text(Headers.ORIGINAL_QUEUE, otherwise);
    }

    /** Why it failed, or empty. */
    public String exception() {
        return text(Headers.EXCEPTION, "");
    }

    /** How many attempts it had, or 0 when it does not say. */
    public int attempts() {
        return headers.get(Headers.ATTEMPTS) instanceof Number n ? n.intValue() : 0;
    }

    /** When it was dead-lettered (ISO-8601), or empty. */
    public String failedAt() {
        return text(Headers.FAILED_AT, "");
    }

    /** The letter's properties without the failure's record and the attempt counts, for moving it back. */
    public static AMQP.BasicProperties forMovingBack(AMQP.BasicProperties properties) {
        return Headers.withHeaders(properties, FAILURE_REMOVED);
    }

    private String text(String header, String otherwise) {
        Object value = headers.get(header);
        return value == null ? otherwise : value.toString();
    }

    private static Map<String, Object> failureRemoved() {
        Map<String, Object> removed = new HashMap<>();
        for (String header : new String[] {Headers.EXCEPTION, Headers.ATTEMPTS, Headers.FAILED_AT, Headers.ATTEMPT,
            Headers.LAST_FAILURE, Headers.DELIVERY_COUNT, Headers.LEGACY_SEQUENCE}) {
            removed.put(header, null); // a null value means "remove" to withHeaders
        }
        return removed;
    }
}
