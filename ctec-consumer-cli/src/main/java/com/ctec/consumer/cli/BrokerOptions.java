package com.ctec.consumer.cli;

import picocli.CommandLine.Option;

/** The {@code --url} option shared by the commands that talk to a broker; default $CTEC_URL, else the local broker. */
final class BrokerOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "AMQP URL amqp://user:pass@host:port/vhost (default: $CTEC_URL, else " + Brokers.LOCAL_URL + ")")
    private String url;

    String url() {
        return url != null ? url : defaultUrl();
    }

    static String defaultUrl() {
        String env = System.getenv("CTEC_URL");
        return env == null || env.isBlank() ? Brokers.LOCAL_URL : env.trim();
    }
}
