package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmqpUrlTest {
    @Test
    void readsTheSeedsUrl() {
        AmqpUrl url = AmqpUrl.parse("amqp://smallrabbit:123456@127.0.0.1:5673/journal");
        assertThat(url.username()).isEqualTo("smallrabbit");
        assertThat(url.password()).isEqualTo("123456");
        assertThat(url.brokers()).isEqualTo("127.0.0.1:5673");
        assertThat(url.vhost()).isEqualTo("journal");
        assertThat(url.redacted()).isEqualTo("amqp://smallrabbit:****@127.0.0.1:5673/journal");
        assertThat(url.toString()).doesNotContain("123456");
    }

    @Test
    void trailingSlashNoPathAndEscapedSlashAllMeanTheDefaultVhost() {
        assertThat(AmqpUrl.parse("amqp://u:p@h:5672/").vhost()).isEqualTo("/");
        assertThat(AmqpUrl.parse("amqp://u:p@h:5672").vhost()).isEqualTo("/");
        assertThat(AmqpUrl.parse("amqp://u:p@h:5672/%2F").vhost()).isEqualTo("/");
    }

    @Test
    void severalBrokersOfOneClusterAreKept() {
        AmqpUrl url = AmqpUrl.parse("amqp://u:p@h1:5672,h2:5673,h3/v");
        assertThat(url.brokers()).isEqualTo("h1:5672,h2:5673,h3:5672");
    }

    @Test
    void amqpsDefaultsToTlsPort() {
        AmqpUrl url = AmqpUrl.parse("amqps://u:p@h/v");
        assertThat(url.tls()).isTrue();
        assertThat(url.brokers()).isEqualTo("h:5671");
    }

    @Test
    void escapedCharactersInThePasswordAreDecoded() {
        assertThat(AmqpUrl.parse("amqp://u:p%40ss%3Aw@h/").password()).isEqualTo("p@ss:w");
    }

    @Test
    void badUrlsAreExplainedWithoutThePassword() {
        assertThatThrownBy(() -> AmqpUrl.parse("http://u:secret@h/"))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("amqp://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> AmqpUrl.parse("amqp://u:secret@h:notaport/"))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("port")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> AmqpUrl.parse(""))
                .isInstanceOf(ConsumerException.class);
    }
}
