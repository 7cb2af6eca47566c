package com.ctec.consumer.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How the CLI completes a URL from {@code CTEC_PASSWORD}, and which URL it takes by default. */
class CredentialsTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void thePasswordIsFilledIntoAUrlThatNamesAUserButNoPassword() {
        Credentials credentials = Credentials.load(null, Map.of("CTEC_PASSWORD", "p@ss/w:rd %"), NOWHERE);

        assertThat(credentials.complete("amqp://app@rabbit1:5672,rabbit2/journal"))
                .isEqualTo("amqp://app:p%40ss%2Fw%3Ard%20%25@rabbit1:5672,rabbit2/journal");
        assertThat(com.ctec.consumer.internal.AmqpUrl.parse(credentials.complete("amqp://app@rabbit1/")).password())
                .isEqualTo("p@ss/w:rd %");
    }

    @Test
    void aUrlWithAPasswordOfItsOwnOrWithoutAUserIsLeftAsItIs() {
        Credentials credentials = Credentials.load(null, Map.of("CTEC_PASSWORD", "other"), NOWHERE);

        assertThat(credentials.complete("amqp://app:own@rabbit/")).isEqualTo("amqp://app:own@rabbit/");
        assertThat(credentials.complete("amqp://rabbit/v@x")).isEqualTo("amqp://rabbit/v@x");
        assertThat(credentials.complete("not a url")).isEqualTo("not a url");
    }

    @Test
    void theDefaultUrlIsTheEnvironmentsElseTheLocalBroker() {
        assertThat(Credentials.load(null, Map.of("CTEC_URL", " amqp://a@h/ "), NOWHERE).url(Optional.empty())).isEqualTo("amqp://a@h/");
        assertThat(Credentials.load(null, Map.of(), NOWHERE).url(Optional.empty())).isEqualTo(Brokers.LOCAL_URL);
        assertThat(Credentials.load(null, Map.of("CTEC_URL", "amqp://a@h/"), NOWHERE).url(Optional.of("amqp://b@h/")))
                .isEqualTo("amqp://b@h/");
    }

    @Test
    void usageMessagesQuoteNoPassword() {
        assertThat(Credentials.redactQuotedArguments("Unknown options: '--urll', 'amqp://u:S3cret@h/'; did you mean --url?"))
                .isEqualTo("Unknown options: '--urll', 'amqp://****@h/'; did you mean --url?");
        assertThat(Credentials.redactQuotedArguments("Unknown options: '--zookeeper-digst', 'agent:S3cret'"))
                .isEqualTo("Unknown options: '--zookeeper-digst', 'agent:****'");
        assertThat(Credentials.redactQuotedArguments("Unmatched argument at index 3: 'zk1:2181'"))
                .isEqualTo("Unmatched argument at index 3: 'zk1:2181'");
        assertThat(Credentials.redactQuotedArguments("Invalid value for option '--count': 'abc' is not a long"))
                .isEqualTo("Invalid value for option '--count': 'abc' is not a long");
    }
}
