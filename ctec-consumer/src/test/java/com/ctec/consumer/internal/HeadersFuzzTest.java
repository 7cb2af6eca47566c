package com.ctec.consumer.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempt reader, on headers whoever publishes to a queue can write: any value of any type
 * (numbers near the limits, text, bytes, lists) gives an attempt of at least 1, never an exception.
 */
class HeadersFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void anyHeadersGiveAnAttemptOfAtLeastOne(FuzzedDataProvider data) {
        Map<String, Object> headers = new HashMap<>();
        for (String name : new String[] {Headers.ATTEMPT, Headers.DELIVERY_COUNT, Headers.LAST_FAILURE}) {
            if (data.consumeBoolean()) {
                headers.put(name, value(data));
            }
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(data.consumeBoolean() ? null : headers).build();
        int attempt = Headers.attempt(properties);
        if (attempt < 1) {
            throw new AssertionError("attempt " + attempt + " for " + headers);
        }
        AMQP.BasicProperties forwarded = Headers.withHeaders(properties, Headers.bookkeepingRemoved());
        if (Headers.attempt(forwarded) != 1 && forwarded.getHeaders() != null
                && forwarded.getHeaders().containsKey(Headers.ATTEMPT)) {
            throw new AssertionError("a forward kept the attempt header: " + forwarded.getHeaders());
        }
    }

    private static Object value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> data.consumeLong();
            case 1 -> data.consumeInt();
            case 2 -> data.consumeString(30);
            case 3 -> LongStringHelper.asLongString(data.consumeBytes(30));
            case 4 -> data.consumeDouble();
            case 5 -> data.consumeBytes(30);
            case 6 -> List.of(data.consumeLong(), data.consumeString(10));
            default -> (byte) data.consumeInt();
        };
    }
}
