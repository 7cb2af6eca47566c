package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerException;
import com.rabbitmq.client.ConnectionFactory;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;

/** Builds the client's connection factory from the settings: the same for the consuming and the publishing connection. */
final class Connections {
    private Connections() {
    }

    static ConnectionFactory factory(Settings settings) {
        AmqpUrl url = settings.url();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUsername(url.username());
        factory.setPassword(url.password());
        factory.setVirtualHost(url.vhost());
        factory.setRequestedHeartbeat((int) Math.min(Integer.MAX_VALUE, settings.heartbeat().toSeconds()));
        factory.setConnectionTimeout(10_000);
        // The engine recovers itself: it also covers the first connection, channel errors and
        // server-side cancels, which the client's automatic recovery does not.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        if (url.tls()) {
            try {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            } catch (NoSuchAlgorithmException e) {
                throw new ConsumerException("TLS is not available in this JVM for " + url.redacted() + ": use a JDK with TLS support.", e);
            }
        }
        return factory;
    }
}
