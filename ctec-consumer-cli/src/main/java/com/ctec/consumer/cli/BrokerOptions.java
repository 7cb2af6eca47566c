package com.ctec.consumer.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --url} and {@code --credentials} options shared by the commands that talk to a
 * broker; default {@code $CTEC_URL}, else the credentials file's, else the local broker (see {@link Credentials}).
 */
final class BrokerOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "AMQP URL amqp://user:pass@host:port/vhost (default: $CTEC_URL, else the --credentials file's, else "
                    + Brokers.LOCAL_URL + "); amqp://user@host/ takes the password from $CTEC_PASSWORD or the credentials file")
    private String url;

    @Option(names = "--credentials", paramLabel = "FILE", description = Credentials.OPTION_DESCRIPTION)
    private Path credentials;

    private String resolved;

    String url() {
        if (resolved == null) {
            if (url != null) {
                Credentials.warnIfUrlFlagHasPassword(url, System.err);
            }
            resolved = Credentials.load(credentials, System.getenv(), System.err).url(Optional.ofNullable(url));
        }
        return resolved;
    }
}
