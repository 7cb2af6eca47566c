package com.ctec.consumer.internal;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeadersTest {
    private static AMQP.BasicProperties headers(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    @Test
    void theFirstDeliveryIsAttemptOne() {
        assertThat(Headers.attempt(new AMQP.BasicProperties())).isEqualTo(1);
        assertThat(Headers.attempt(headers(Map.of("other", "x")))).isEqualTo(1);
    }

    @Test
    void theCarriedCountAndAQuorumQueuesReturnsAddUp() {
        assertThat(Headers.attempt(headers(Map.of("x-ctec-attempt", 3)))).isEqualTo(3);
        assertThat(Headers.attempt(headers(Map.of("x-delivery-count", 2L)))).isEqualTo(3);
        assertThat(Headers.attempt(headers(Map.of("x-ctec-attempt", 3, "x-delivery-count", 1L)))).isEqualTo(4);
    }

    @Test
    void hostileHeadersNeverGiveAnAttemptBelowOne() {
        assertThat(Headers.attempt(headers(Map.of("x-ctec-attempt", Long.MAX_VALUE, "x-delivery-count", Long.MAX_VALUE))))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(Headers.attempt(headers(Map.of("x-ctec-attempt", -5, "x-delivery-count", -7)))).isEqualTo(1);
        assertThat(Headers.attempt(headers(Map.of("x-ctec-attempt", "not a number")))).isEqualTo(1);
    }
}
