package com.ctec.consumer.internal;

import com.rabbitmq.client.Connection;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Learns where a queue's dead letters go, at each subscribe: the queue's own dead-letter exchange
 * if the management API shows one (AMQP 0-9-1 cannot read arguments or policies back), else the
 * configured route. It asks on a thread of its own (the lookup blocks on HTTP, and start-up must
 * not wait for it) and logs the route when it changes.
 */
final class DeadLetterRouteLookup {
    private final Settings settings;
    private final Logger log;
    private final ManagementApi management;
    private volatile String lastLogged = "";

    DeadLetterRouteLookup(Settings settings) {
        this.settings = settings;
        this.log = settings.logger();
        this.management = ManagementApi.of(settings).orElse(null);
    }

    /** Starts the lookup for the broker {@code connection} is on; the future never fails. */
    CompletableFuture<DeadLetterRoute> learn(Connection connection) {
        CompletableFuture<DeadLetterRoute> route = new CompletableFuture<>();
        Thread.ofVirtual().name("ctec-dead-letter-route-" + settings.queue()).start(() -> {
            try {
                route.complete(lookUp(connection));
            } finally {
                route.complete(DeadLetterRoute.configured(settings));
            }
        });
        return route;
    }

    private DeadLetterRoute lookUp(Connection connection) {
        DeadLetterRoute route = null;
        String unknownBecause = null;
        if (management != null) {
            try {
                route = management.deadLetterRoute(connection.getAddress(), settings.queue()).orElse(null);
            } catch (IOException | RuntimeException e) {
                unknownBecause = "its own dead-letter settings could not be read from the management API at "
                        + management.describe(connection.getAddress()) + " (" + e.getMessage() + ")";
            }
        }
        if (route == null) {
            route = DeadLetterRoute.configured(settings);
        }
        String line = "Dead letters of queue '" + settings.queue() + "' go to " + route.why()
                + (unknownBecause == null ? "." : "; " + unknownBecause + ": set deadLetter(...) if the queue has its own.");
        if (!line.equals(lastLogged)) {
            log.info(line);
            lastLogged = line;
        }
        return route;
    }
}
