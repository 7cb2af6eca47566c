package com.ctec.consumer.internal.settle;

import com.ctec.consumer.internal.DeadLetterRoute;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.connect.ManagementApi;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Learns, at each subscribe, where a queue's dead letters go (the queue's own dead-letter exchange
 * if the management API shows one, since AMQP 0-9-1 cannot read arguments or policies back; else
 * the configured route) and which type the engine's own queues take ({@link OwnQueueType}). It asks
 * on a thread of its own (the lookup blocks on HTTP, and start-up must not wait for it) and logs
 * what it learned when that changes.
 */
public final class QueueFactsLookup {
    private final Settings settings;
    private final Logger log;
    private final ManagementApi management;
    private volatile String lastLogged = "";
    /** The source queue's type and the cluster's size as last read; kept when a later lookup fails. */
    private volatile String lastSourceType;
    private volatile OptionalInt lastClusterSize = OptionalInt.empty();

    public QueueFactsLookup(Settings settings) {
        this.settings = settings;
        this.log = settings.logger();
        this.management = ManagementApi.of(settings).orElse(null);
    }

    /** Starts the lookup for the broker {@code connection} is on; the future never fails. */
    public CompletableFuture<QueueFacts> learn(Connection connection) {
        CompletableFuture<QueueFacts> facts = new CompletableFuture<>();
        Thread.ofVirtual().name("ctec-queue-facts-" + settings.queue()).start(() -> {
            try {
                facts.complete(lookUp(connection));
            } finally {
                facts.complete(QueueFacts.configured(settings));
            }
        });
        return facts;
    }

    private QueueFacts lookUp(Connection connection) {
        DeadLetterRoute route = null;
        String unknownBecause = null;
        String sizeUnknownBecause = null;
        if (management != null) {
            try {
                Map<?, ?> queue = management.queue(connection.getAddress(), settings.queue());
                route = ManagementApi.routeOf(queue).orElse(null);
                lastSourceType = queue.get("type") instanceof String type ? type : null;
            } catch (IOException | RuntimeException e) {
                unknownBecause = "its own dead-letter settings could not be read from the management API at "
                        + management.describe(connection.getAddress()) + " (" + why(e) + ")";
            }
            // Asked even when the queue could not be read: in a cluster the engine's queues must not fall back to classic.
            try {
                lastClusterSize = OptionalInt.of(management.clusterSize(connection.getAddress()));
            } catch (IOException | RuntimeException e) {
                sizeUnknownBecause = why(e);
            }
        }
        if (route == null) {
            route = DeadLetterRoute.configured(settings);
        }
        // What an earlier subscribe learned stands when this lookup failed (a node restarting, say).
        OwnQueueType type = OwnQueueType.choose(lastSourceType, lastClusterSize);
        log(route, unknownBecause, type, sizeUnknownBecause);
        return new QueueFacts(route, type);
    }

    /** Never null: a message-less exception used to drop the log line's hint ("(null)"). */
    private static String why(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void log(DeadLetterRoute route, String unknownBecause, OwnQueueType type, String sizeUnknownBecause) {
        String line = "Dead letters of queue '" + settings.queue() + "' go to " + route.why()
                + (unknownBecause == null ? "." : "; " + unknownBecause + ": set deadLetter(...) if the queue has its own.")
                + " The queues ctec-consumer declares for it ('" + DeadLetterRoute.fallbackQueue(settings.queue())
                + "', delay queues) are " + type.describe()
                + (type == OwnQueueType.CLASSIC && sizeUnknownBecause != null
                        ? "; the cluster's size could not be read (" + sizeUnknownBecause + "): in a cluster, give the user"
                        + " the tag 'monitoring' or declare them as quorum queues yourself."
                        : ".");
        if (!line.equals(lastLogged)) {
            log.info(line);
            lastLogged = line;
        }
    }
}
