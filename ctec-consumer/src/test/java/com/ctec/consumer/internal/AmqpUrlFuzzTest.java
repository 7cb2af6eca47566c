package com.ctec.consumer.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.ctec.consumer.ConsumerException;

/**
 * The URL parser and its redaction, on URLs whose password is anything: parsing succeeds or
 * throws ConsumerException, and the password never shows in what is printed (the redacted URL,
 * toString, the user name, the exception's message and its causes'), whatever the URL's shape.
 */
class AmqpUrlFuzzTest {
    /** Ends every password the fuzzer writes, so that a leak of its end is seen. */
    private static final String MARK = "Zx9Q";

    @FuzzTest(maxDuration = "5s")
    void thePasswordNeverShowsInAnyOutput(FuzzedDataProvider data) {
        String scheme = data.pickValue(new String[] {"amqp://", "amqps://", "amqp:/", "amqp//", "amqp:", "AMQP://", ""});
        String user = data.consumeString(12);
        String secret = data.consumeString(24) + MARK;
        String rest = data.consumeRemainingAsString();
        if (user.contains(MARK) || rest.contains(MARK)) {
            return; // The fuzzer copied the mark elsewhere: seeing it there is no leak.
        }
        String beforeColon = (scheme + user).trim();
        if ((beforeColon.equalsIgnoreCase("amqp") || beforeColon.equalsIgnoreCase("amqps")) && secret.startsWith("//")) {
            // The "user" is only a scheme (with blanks or control characters around it, which the parser trims), so the
            // colon is the scheme's and the "secret" is the URL's user name, printed by design (seed scheme-inside-the-user-name).
            return;
        }
        String url = scheme + user + ":" + secret + "@" + rest;
        require(AmqpUrl.redact(url), url);
        try {
            AmqpUrl parsed = AmqpUrl.parse(url);
            require(parsed.redacted(), url);
            require(parsed.toString(), url);
            require(parsed.username(), url);
        } catch (ConsumerException refused) {
            for (Throwable t = refused; t != null; t = t.getCause()) {
                require(String.valueOf(t.getMessage()), url);
            }
        }
    }

    private static void require(String shown, String url) {
        if (shown.contains(MARK)) {
            throw new AssertionError("the password of " + url + " shows in: " + shown);
        }
    }
}
