package com.ctec.consumer.internal;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the on-call tools read a dead letter, and what a letter moved back keeps. */
class DeadLetterHeadersTest {

    private static AMQP.BasicProperties letter(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("text/plain").headers(headers).build();
    }

    @Test
    void aDeadLetterSaysWhereItFailedWhyAndHowOften() {
        DeadLetterHeaders headers = new DeadLetterHeaders(letter(Map.of(Headers.ORIGINAL_QUEUE, "orders",
                Headers.EXCEPTION, "IllegalStateException: no stock", Headers.ATTEMPTS, 3, Headers.FAILED_AT, "2026-12-02T10:00:00Z")));

        assertThat(headers.originalQueue("?")).isEqualTo("orders");
        assertThat(headers.exception()).isEqualTo("IllegalStateException: no stock");
        assertThat(headers.attempts()).isEqualTo(3);
        assertThat(headers.failedAt()).isEqualTo("2026-12-02T10:00:00Z");
    }

    @Test
    void aLetterWithoutHeadersOrWithGarbageInThemStillReads() {
        DeadLetterHeaders none = new DeadLetterHeaders(letter(null));
        assertThat(none.originalQueue("orders")).isEqualTo("orders");
        assertThat(none.exception()).isEmpty();
        assertThat(none.attempts()).isZero();

        assertThat(new DeadLetterHeaders(letter(Map.of(Headers.ATTEMPTS, "many"))).attempts()).isZero();
    }

    @Test
    void aLetterMovedBackStartsAgainAtAttemptOneAndKeepsItsOtherHeaders() {
        Map<String, Object> headers = new HashMap<>(Map.of(Headers.EXCEPTION, "boom", Headers.ATTEMPTS, 3, Headers.FAILED_AT, "now",
                Headers.ATTEMPT, 3, Headers.LAST_FAILURE, "boom", Headers.DELIVERY_COUNT, 2L, Headers.LEGACY_SEQUENCE, 7L));
        headers.put(Headers.ORIGINAL_QUEUE, "orders");
        headers.put("trace-id", "abc");

        AMQP.BasicProperties moved = DeadLetterHeaders.forMovingBack(letter(headers));

        assertThat(moved.getHeaders()).containsOnlyKeys(Headers.ORIGINAL_QUEUE, "trace-id");
        assertThat(moved.getContentType()).isEqualTo("text/plain");
        assertThat(Headers.attempt(moved)).isEqualTo(1);
    }
}
