package com.ctec.consumer.cli;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.connect.Connections;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;

/** Opens the commands' own broker connections (publish, dlq, demo, --declare-queue) and explains failures in one line. */
final class Brokers {
    /** The broker every command uses when neither --url nor CTEC_URL is given: a local RabbitMQ with its default user. */
    static final String LOCAL_URL = "amqp://guest:guest@127.0.0.1:5672/";

    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "0:0:0:0:0:0:0:1");

    private Brokers() {
    }

    /** Parses the seed's URL format; a malformed URL is a usage error. */
    static AmqpUrl parse(String url) {
        try {
            return AmqpUrl.parse(url);
        } catch (ConsumerException e) {
            throw CliException.usage(capitalize(e.getMessage()), e);
        }
    }

    /** Connects (no automatic recovery: these are short-lived tool connections) or throws a one-line CliException. */
    static Connection open(String url, String clientName) {
        AmqpUrl parsed = parse(url);
        try {
            // The engine's factory (credentials, vhost, TLS, no automatic recovery) with the client's default heartbeat.
            ConnectionFactory factory = Connections.factory(parsed, Duration.ofSeconds(ConnectionFactory.DEFAULT_HEARTBEAT));
            // A tool should say "no broker" in seconds, not hang on a black-holed port.
            factory.setConnectionTimeout(5_000);
            factory.setHandshakeTimeout(5_000);
            return factory.newConnection(parsed.addresses(), clientName);
        } catch (Exception e) {
            throw connectFailed(parsed, e);
        }
    }

    /** Turns a failure to connect into the sentence the user sees; an unreachable local broker gets the how-to-start hint. */
    static CliException connectFailed(AmqpUrl url, Throwable e) {
        Throwable root = BrokerErrors.rootCause(e);
        if (e instanceof AuthenticationFailureException || e instanceof PossibleAuthenticationFailureException
                || root instanceof AuthenticationFailureException) {
            return CliException.failure("The broker at " + url.brokers() + " refused user '" + url.username()
                    + "' (wrong user name or password): fix the credentials in --url " + url.redacted() + ".", e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException) {
            return unreachable(url, root, e);
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (detail.contains("vhost")) {
            return CliException.failure("The virtual host '" + url.vhost() + "' does not exist on " + url.brokers()
                    + " or user '" + url.username() + "' may not use it: fix the path of --url " + url.redacted() + ".", e);
        }
        return CliException.failure("Cannot connect to " + url.redacted() + " (" + detail
                + "): check --url and the broker's logs.", e);
    }

    /** Whether {@code e} (or its causes) says that nothing listens at the broker's address. */
    static boolean isUnreachable(Throwable e) {
        Throwable root = BrokerErrors.rootCause(e);
        return root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException;
    }

    static CliException unreachable(AmqpUrl url, Throwable root, Throwable e) {
        if (url.addresses().stream().allMatch(a -> LOCAL_HOSTS.contains(a.getHost()))) {
            return CliException.failure("No RabbitMQ on " + url.brokers()
                    + ": start one with `rabbitmq-server -detached` or `sudo apt-get install rabbitmq-server`, or pass --url.", e);
        }
        return CliException.failure("Cannot reach RabbitMQ at " + url.brokers() + " (" + root.getMessage()
                + "): check --url and that RabbitMQ is running there.", e);
    }

    static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
