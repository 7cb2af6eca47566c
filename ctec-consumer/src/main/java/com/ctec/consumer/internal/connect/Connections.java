package com.ctec.consumer.internal.connect;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.Settings;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Builds the client's connection factory from a URL: the same for the consuming and the publishing
 * connection, and for the dead-letter tools.
 */
public final class Connections {
    private Connections() {
    }

    public static ConnectionFactory factory(Settings settings) {
        return factory(settings.url(), settings.heartbeat());
    }

    /** A factory for the URL's credentials, vhost and TLS, with the given heartbeat and no automatic recovery. */
    public static ConnectionFactory factory(AmqpUrl url, Duration heartbeat) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUsername(url.username());
        factory.setPassword(url.password());
        factory.setVirtualHost(url.vhost());
        // Whole seconds, rounded up: a sub-second value must not become 0, which the client reads as "the server's 60 s".
        long seconds = Math.max(1, heartbeat.plusNanos(999_999_999).toSeconds());
        factory.setRequestedHeartbeat((int) Math.min(65_535, seconds));
        factory.setConnectionTimeout(10_000);
        // The engine recovers itself: it also covers the first connection, channel errors and
        // server-side cancels, which the client's automatic recovery does not.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        if (url.tls()) {
            factory.useSslProtocol(tlsContext());
            factory.enableHostnameVerification();
        }
        return factory;
    }

    /**
     * The TLS settings of every connection to the broker, AMQP and management API alike: the JVM's
     * default context (trust store and key store from the {@code javax.net.ssl.*} properties);
     * host names are verified by both.
     */
    public static SSLContext tlsContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new ConsumerException("TLS is not available in this JVM: use a JDK with TLS support.", e);
        }
    }

    /** Closes a connection, ignoring that it may be closed or unreachable already (its unacked messages are requeued by the broker). */
    public static void closeQuietly(Connection connection) {
        closeQuietly(connection, 2_000);
    }

    /** Closes a connection, waiting at most {@code timeoutMillis} for the broker's answer. */
    public static void closeQuietly(Connection connection, long timeoutMillis) {
        try {
            if (connection.isOpen()) {
                connection.close((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
            }
        } catch (IOException | RuntimeException e) {
            // Already closed or unreachable: nothing is lost.
        }
    }
}
