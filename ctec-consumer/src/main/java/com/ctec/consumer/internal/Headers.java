package com.ctec.consumer.internal;

import com.ctec.consumer.WorkerMessage;
import com.rabbitmq.client.AMQP;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The headers the framework reads and writes, and how attempts are counted from them. */
public final class Headers {
    /** The attempt number of this copy of the message, carried by the framework across retries. */
    public static final String ATTEMPT = "x-ctec-attempt";
    /** Why the previous attempt failed, for the worker and for people looking at the queue. */
    public static final String LAST_FAILURE = "x-ctec-last-failure";
    static final String ORIGINAL_EXCHANGE = "x-ctec-original-exchange";
    public static final String ORIGINAL_ROUTING_KEY = "x-ctec-original-routing-key";
    public static final String EXCEPTION = "x-ctec-exception";
    public static final String ATTEMPTS = "x-ctec-attempts";
    public static final String ORIGINAL_QUEUE = "x-ctec-original-queue";
    public static final String FAILED_AT = "x-ctec-failed-at";
    /** Set by versions before 1.0 on every publish; removed from forwards that still carry it. */
    static final String LEGACY_SEQUENCE = "x-ctec-seq";
    /** Quorum queues count returns of a message here (absent on its first delivery). */
    public static final String DELIVERY_COUNT = "x-delivery-count";

    private Headers() {
    }

    /**
     * The attempt of a delivery: the framework's count, plus the returns a quorum queue counted
     * since (crashes and stops included, which is what stops a message that kills its process).
     */
    public static int attempt(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers == null) {
            return 1;
        }
        // Clamped before adding: a header near Long.MAX_VALUE must not overflow into a negative attempt.
        long carried = Math.clamp(number(headers.get(ATTEMPT), 1), 1, Integer.MAX_VALUE);
        long returns = Math.clamp(number(headers.get(DELIVERY_COUNT), 0), 0, Integer.MAX_VALUE);
        return (int) Math.min(Integer.MAX_VALUE, carried + returns);
    }

    /** Copies of the properties with {@code changes} applied to the headers ({@code null} values remove). */
    public static AMQP.BasicProperties withHeaders(AMQP.BasicProperties properties, Map<String, Object> changes) {
        if (properties.getHeaders() == null && changes.values().stream().noneMatch(Objects::nonNull)) {
            return properties;   // only removals from no headers: nothing to copy
        }
        Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
        changes.forEach((key, value) -> {
            if (value == null) {
                headers.remove(key);
            } else {
                headers.put(key, value);
            }
        });
        return properties.builder().headers(headers).build();
    }

    /** The framework's bookkeeping headers, removed from forwards so that the next queue starts at attempt 1. */
    public static Map<String, Object> bookkeepingRemoved() {
        return BOOKKEEPING_REMOVED;
    }

    private static final Map<String, Object> BOOKKEEPING_REMOVED;

    static {
        Map<String, Object> removed = new HashMap<>();
        for (String header : new String[] {ATTEMPT, LAST_FAILURE, ORIGINAL_EXCHANGE, ORIGINAL_ROUTING_KEY, DELIVERY_COUNT,
            LEGACY_SEQUENCE}) {
            removed.put(header, null);   // a null value means "remove" to withHeaders
        }
        BOOKKEEPING_REMOVED = Collections.unmodifiableMap(removed);
    }

    /**
     * Where a message first came from, kept across retries: the original exchange and routing key
     * of its first delivery (a retry is published to the default exchange, which would hide them).
     * A mutable map, for the caller to add its own changes to.
     */
    public static Map<String, Object> origin(WorkerMessage message) {
        Map<String, Object> headers = new HashMap<>();
        Map<String, Object> existing = message.properties();
        if (!existing.containsKey(ORIGINAL_ROUTING_KEY)) {
            headers.put(ORIGINAL_EXCHANGE, message.basicDeliver().getExchange());
            headers.put(ORIGINAL_ROUTING_KEY, message.basicDeliver().getRoutingKey());
        } else {
            headers.put(ORIGINAL_ROUTING_KEY, String.valueOf(existing.get(ORIGINAL_ROUTING_KEY)));
        }
        return headers;
    }

    /** A reason cut to a size a header can carry. */
    public static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }

    private static long number(Object value, long otherwise) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }
}
