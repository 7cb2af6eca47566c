package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Malformed in every way a password can end up in: a raw '/', '?', '#' or '@', a broken scheme, a forgotten host. */
    @ParameterizedTest
    @ValueSource(strings = {"amqp://u:S3cr/et@host:5672/", "amqp:/u:S3cret@host", "amqp//u:S3cret@host",
        "amqp:u:S3cret@host", "amqp://u:S3c?ret@host/", "amqp://u:S3c#ret@host/",
        "amqps://u:S3cret@h1,h2:x/", "amqp://u:S3cret@[/", "amqp://u:S3cret", "amqp://u:S3cret:5672/", "amqp://u:999999", "amqp://u:S3cret@",
        "http://u:S3cret@host/", "u:S3cret@host", "S3cret@host", "//u:S3cret@host", " amqp://u:S3cret@host:99999/"})
    void noShapeOfUrlShowsItsPassword(String url) {
        assertThat(AmqpUrl.redact(url)).doesNotContain("S3c").doesNotContain("999999");
        assertThatThrownBy(() -> Consumer.builder(url, "q"))
                .isInstanceOf(ConsumerException.class)
                .hasMessageNotContaining("S3c")
                .hasMessageNotContaining("999999")
                .hasMessageContaining("****");
    }

    @Test
    void redactShowsTheSchemeAndWhatFollowsTheLastAt() {
        assertThat(AmqpUrl.redact("amqp://u:S3cr/et@host:5672/v")).isEqualTo("amqp://****@host:5672/v");
        assertThat(AmqpUrl.redact("amqp:/u:S3cret@host")).isEqualTo("amqp:/****@host");
        assertThat(AmqpUrl.redact("amqp//u:S3cret@host")).isEqualTo("amqp//****@host");
        assertThat(AmqpUrl.redact("amqp://h1:5672,[::1]:5673/v")).isEqualTo("amqp://h1:5672,[::1]:5673/v");
        assertThat(AmqpUrl.redact("amqp://u:S3cret/v")).isEqualTo("amqp://****/v");
        assertThat(AmqpUrl.redact("amqp://u:S3c@ret@host/")).isEqualTo("amqp://****@host/");
        assertThat(AmqpUrl.parse("amqp://u:S3c@ret@host/").redacted()).isEqualTo("amqp://u:****@host:5672/");
    }

    @Test
    void passwordWithARawSlashIsExplainedInOneSentence() {
        assertThatThrownBy(() -> AmqpUrl.parse("amqp://u:S3cr/et@host:5672/"))
                .isInstanceOf(ConsumerException.class)
                .hasMessage("the AMQP URL amqp://****@host:5672/ is invalid (a '/', '?' or '#' in the user name or password "
                        + "must be written %2F, %3F or %23): write it as amqp://user:password@host:port/vhost.");
    }

    @Test
    void anUnclosedIpv6BracketIsExplainedInOneSentence() {
        assertThatThrownBy(() -> AmqpUrl.parse("amqp://u:p@[/"))
                .isInstanceOf(ConsumerException.class)
                .hasMessage("the AMQP URL amqp://****@[/ is invalid (the IPv6 address [ has no closing ']'): "
                        + "write it as amqp://user:password@host:port/vhost.");
        assertThat(AmqpUrl.parse("amqp://u:p@[::1]:5673/").brokers()).isEqualTo("::1:5673");
        assertThat(AmqpUrl.parse("amqp://u:p@[::1]/").brokers()).isEqualTo("::1:5672");
    }

    @Test
    void anAtInTheVhostIsWrittenPercent40() {
        AmqpUrl url = AmqpUrl.parse("amqp://u:p@h/v%40x?heartbeat=5");
        assertThat(url.vhost()).isEqualTo("v@x");
        assertThat(url.password()).isEqualTo("p");
    }

    @Test
    void aRawAtAfterTheHostIsRefusedSinceItMayEndAPassword() {
        // Found by AmqpUrlFuzzTest: read as vhost "Zx9Q@host" on host "ss", the end of the password "p@ss/Zx9Q" showed.
        for (String url : new String[] {"amqp://u:p@ss/Zx9Q@host/", "amqp://u:p@h/v@x?heartbeat=5",
            "amqps://up@s:672,6:72,Zx9Q/x/Zx9Q@"}) {
            assertThatThrownBy(() -> AmqpUrl.parse(url)).as(url)
                    .isInstanceOf(ConsumerException.class)
                    .hasMessageContaining("an '@' after the host (in the vhost) must be written %40")
                    .hasMessageNotContaining("Zx9Q").hasMessageNotContaining("ss/");
        }
    }
}
